# Copyright 2026 The Pose ModelZoo Authors. All Rights Reserved.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""config.cfg parsing: the original's keys, typed values, one-line errors, overrides."""
import os

import pytest

import config
from config import ConfigError

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(MODEL_DIR, "config.cfg")
ORIGINAL_KEYS = ("training_txt_file", "img_directory", "img_size", "hm_size", "num_joints", "remove_joints",
                 "joint_list", "name", "nFeats", "nStacks", "nModules", "tiny", "nLow", "dropout_rate",
                 "mcam",
                 "batch_size", "nEpochs", "epoch_size", "learning_rate", "learning_rate_decay", "decay_step",
                 "weighted_loss", "valid_iteration", "log_dir_train", "log_dir_test", "saver_step",
                 "saver_directory")
# The ModelZoo port's config.cfg, as its README gives it (the original's keys and values).
PORT_CONFIG = """[DataSetHG]
training_txt_file: 'dataset.txt'
img_directory: 'F:/Cours/DHPE/mpii_human_pose_v1/images'
img_size: 256
hm_size: 64
num_joints: 16
remove_joints: None
joint_list = ['r_anckle', 'r_knee', 'r_hip', 'l_hip', 'l_knee', 'l_anckle', 'pelvis', 'thorax', 'neck', \
'head', 'r_wrist', 'r_elbow', 'r_shoulder', 'l_shoulder', 'l_elbow', 'l_wrist']
[Network]
name: 'hg_refined_200'
nFeats: 256
nStacks: 4
nModules: 1
tiny: False
nLow: 4
dropout_rate: 0.2
mcam: False
[Train]
batch_size: 4
nEpochs: 200
epoch_size: 1000
learning_rate: 0.00025
learning_rate_decay: 0.96
decay_step: 2000
weighted_loss: False
[Validation]
valid_iteration: 10
[Saver]
log_dir_train: 'F:/Cours/DHPE/DHPE/hourglass_tiny/'
log_dir_test: 'F:/Cours/DHPE/DHPE/hourglass_tiny/'
saver_step: 500
saver_directory: ''
"""


def write(tmp_path, text, name="c.cfg"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_the_model_config_sets_every_original_key_to_the_paper_defaults():
    with open(DEFAULT) as f:
        text = f.read()
    for key in ORIGINAL_KEYS:
        assert "\n%s" % key in text, key
    cfg = config.load(DEFAULT)
    network = (cfg.nStacks, cfg.nFeats, cfg.nLow, cfg.nModules, cfg.img_size, cfg.hm_size)
    assert network == (4, 256, 4, 1, 256, 64)
    schedule = (cfg.batch_size, cfg.learning_rate, cfg.learning_rate_decay, cfg.decay_step)
    assert schedule == (4, 2.5e-4, 0.96, 2000)
    assert cfg.joint_list == config.MPII_JOINTS and cfg.remove_joints is None and cfg.loss == "mse"
    assert cfg.tiny is False and cfg.weighted_loss is True and cfg.sigma == 1.0


def test_the_ports_config_parses_with_its_values_once_its_windows_paths_are_changed(tmp_path):
    with pytest.raises(ConfigError, match=r"c.cfg:3: img_directory: 'F:/Cours/DHPE/mpii_human_pose_v1/"
                                          r"images' is a Windows path; write a folder of this machine"):
        config.load(write(tmp_path, PORT_CONFIG))
    fixed = PORT_CONFIG.replace("F:/Cours/DHPE/mpii_human_pose_v1/images", "/data/mpii/images").replace(
        "F:/Cours/DHPE/DHPE/hourglass_tiny/", "tensorboard")
    cfg = config.load(write(tmp_path, fixed))
    assert cfg.img_directory == "/data/mpii/images" and cfg.log_dir_train == "tensorboard"
    assert cfg.name == "hg_refined_200" and cfg.saver_directory == "" and cfg.weighted_loss is False
    assert cfg.joint_list[0] == "r_anckle" and len(cfg.joint_list) == 16 and cfg.valid_iteration == 10
    assert isinstance(cfg.nStacks, int) and isinstance(cfg.learning_rate, float)


def test_save_and_load_give_the_same_values(tmp_path):
    cfg = config.load(DEFAULT, ["nStacks=2", "remove_joints=['pelvis', 'thorax']", "num_joints=14"])
    path = str(tmp_path / "saved.cfg")
    cfg.save(path)
    assert config.load(path).values() == cfg.values()
    assert config.network_mismatch(config.load(path), cfg) == []
    assert config.network_mismatch(config.load(DEFAULT), cfg) == ["num_joints", "remove_joints", "nStacks"]


@pytest.mark.parametrize("line, message", [
    ("nStack: 2", "unknown key 'nStack' (did you mean nStacks?)"),
    ("nStacks: 4.5", "nStacks: expected an integer, got 4.5"),
    ("tiny: maybe", "tiny: expected True or False, got maybe"),
    ("batch_size: 8", "batch_size belongs in [Train], not [Network]"),
    ("nFeats: 128", "nFeats is set twice (first on line 2)"),
    ("just some words", "expected 'key: value', got 'just some words'"),
])
def test_a_bad_line_is_one_error_naming_the_file_and_line(tmp_path, line, message):
    path = write(tmp_path, "[Network]\nnFeats: 256\n%s\n" % line)
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(err.value).startswith("%s:3: " % path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_values_are_parsed_as_literals_never_evaluated(tmp_path):
    marker = tmp_path / "evaluated"
    path = write(tmp_path, "[DataSetHG]\njoint_list = __import__('os').mkdir(%r)\n" % str(marker))
    with pytest.raises(ConfigError, match=r"c.cfg:2: joint_list: expected a list of quoted names"):
        config.load(path)
    assert not marker.exists()


def test_unknown_sections_and_keys_before_a_section_are_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"c.cfg:1: unknown section \[Model\]"):
        config.load(write(tmp_path, "[Model]\nnStacks: 2\n"))
    with pytest.raises(ConfigError, match=r"c.cfg:1: 'nStacks: 2' comes before any \[section\]"):
        config.load(write(tmp_path, "nStacks: 2\n"))
    with pytest.raises(ConfigError, match="config file .*missing.cfg not found"):
        config.load(str(tmp_path / "missing.cfg"))


def test_keys_are_case_insensitive_like_the_originals_configparser(tmp_path):
    cfg = config.load(write(tmp_path, "[network]\nNSTACKS: 2\nnfeats: 64\n"))
    assert (cfg.nStacks, cfg.nFeats) == (2, 64)


def test_overrides_apply_by_key_or_section_and_key():
    cfg = config.load(DEFAULT, ["nStacks=2", "Network.tiny=True", "sigma=2"])
    assert (cfg.nStacks, cfg.tiny, cfg.sigma) == (2, True, 2.0)
    with pytest.raises(ConfigError, match=r"--set Train.nStacks=2: nStacks belongs in \[Network\], not "):
        config.load(DEFAULT, ["Train.nStacks=2"])
    with pytest.raises(ConfigError, match="--set nstack=2: unknown key 'nstack'"):
        config.load(DEFAULT, ["nstack=2"])


@pytest.mark.parametrize("overrides, message", [
    (["img_size=128"], "img_size must be 4 x hm_size"),
    (["hm_size=24", "img_size=96"], "hm_size 24 cannot be halved nLow=4 times"),
    (["mcam=True"], "mcam: True (multi-context attention, Chu et al. 2017) is not implemented"),
    (["remove_joints=['pelvis']"], "num_joints is 16 but joint_list minus remove_joints leaves 15 joints"),
    (["remove_joints=['tail']"], "remove_joints names tail, which joint_list lacks"),
    (["loss='l1'"], "loss must be one of mse, sigmoid_cross_entropy"),
    (["dropout_rate=1.5"], "dropout_rate must be in [0, 0.99]"),
    (["nStacks=0"], "nStacks must be at least 1"),
])
def test_values_that_cannot_work_together_are_errors(overrides, message):
    with pytest.raises(ConfigError) as err:
        config.load(DEFAULT, overrides)
    assert message in str(err.value)


def test_trained_joints_drop_the_removed_ones_in_order():
    cfg = config.load(DEFAULT, ["remove_joints=['pelvis', 'thorax']", "num_joints=14"])
    assert cfg.trained_joints == [j for j in config.MPII_JOINTS if j not in ("pelvis", "thorax")]
