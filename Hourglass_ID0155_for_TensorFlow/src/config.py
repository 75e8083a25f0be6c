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
"""config.cfg: the TensorFlow original's sections and keys, parsed by declared type.

The file is INI-like, as in the original:

    [Network]
    nStacks: 4
    joint_list = ['r_ankle', 'r_knee', ...]

Keys are matched case-insensitively (the original read them through configparser,
which lower-cases them) and each value is parsed by the type its key declares in
SCHEMA: no `eval()`, an unknown or misplaced key is an error naming the file and
line, and so is a value of the wrong type or out of range, or a Windows drive path
(the ModelZoo port's 'F:/Cours/...') on another system. Every key takes effect.
Command-line `--set KEY=VALUE` and the training flags override the file.
"""
import ast
import collections
import difflib
import os
import re

Key = collections.namedtuple("Key", "section name kind default help")

MPII_JOINTS = ["r_ankle", "r_knee", "r_hip", "l_hip", "l_knee", "l_ankle", "pelvis", "thorax",
               "neck", "head", "r_wrist", "r_elbow", "r_shoulder", "l_shoulder", "l_elbow", "l_wrist"]
LOSSES = ("mse", "sigmoid_cross_entropy")
# Weight initialisers of the convolutions (not of the heatmap layers, see model.py).
INITIALIZERS = ("glorot_normal", "glorot_uniform", "he_normal", "he_uniform")
# A Windows drive path such as the port's 'F:/Cours/DHPE/...': on another system it would
# be read as a relative folder named 'F:' under --data_path, so it is refused at its line.
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")

SCHEMA = (
    # [DataSetHG]: where the annotations and images are, and how samples are made.
    Key("DataSetHG", "training_txt_file", "path", "dataset.txt",
        "training annotations: the original's dataset.txt, the MPII JSON list (joints, joints_vis, "
        "center, scale, image) or the MPII h5 form (part, visible, center, scale, normalize, "
        "imgname); a relative path is under --data_path"),
    Key("DataSetHG", "validation_file", "path", "",
        "validation annotations in any of the three forms; empty: the people of training_txt_file "
        "whose image is listed in a valid_images.txt beside it (the standard MPII split), else the "
        "original's hold-out of the last 10%"),
    Key("DataSetHG", "img_directory", "path", "images", "image folder; a relative path is under --data_path"),
    Key("DataSetHG", "img_size", "int", 256, "network input side, px"),
    Key("DataSetHG", "hm_size", "int", 64, "heatmap side, px (img_size / 4)"),
    Key("DataSetHG", "num_joints", "int", 16,
        "heatmaps the network predicts: joint_list minus remove_joints"),
    Key("DataSetHG", "remove_joints", "names_or_none", None,
        "None, or names from joint_list that are neither trained nor predicted"),
    Key("DataSetHG", "joint_list", "names", MPII_JOINTS,
        "names of the annotated joints, in the annotation order; r_/l_ pairs are swapped by flips"),
    Key("DataSetHG", "sigma", "float", 1.0, "Gaussian sigma of the target heatmaps, heatmap px"),
    Key("DataSetHG", "rotate", "float", 30.0, "rotation augmentation: uniform in +-rotate degrees"),
    Key("DataSetHG", "rotate_prob", "float", 0.4, "share of training samples that are rotated"),
    Key("DataSetHG", "scale", "float", 0.25, "scale augmentation: uniform in [1 - scale, 1 + scale]"),
    Key("DataSetHG", "flip", "bool", True, "horizontal flip augmentation (p = 0.5), left/right swapped"),
    Key("DataSetHG", "color_jitter", "float", 0.4,
        "colour augmentation: each channel times uniform(1 - c, 1 + c), clipped to [0, 1]"),
    # [Network]
    Key("Network", "name", "str", "hourglass_mpii", "run name; the default output folder is output/<name>"),
    Key("Network", "nFeats", "int", 256, "feature channels of the hourglasses"),
    Key("Network", "nStacks", "int", 4, "stacked hourglasses, each supervised"),
    Key("Network", "nModules", "int", 1,
        "residual modules at each hourglass position and 1x1 layers after it"),
    Key("Network", "tiny", "bool", False,
        "the original's tiny variant: residual modules of one 3x3 convolution, fewer 1x1 layers"),
    Key("Network", "nLow", "int", 4, "downsamplings inside each hourglass (64 -> 4 px for 4)"),
    Key("Network", "dropout_rate", "float", 0.2, "dropout after each hourglass, training only (0: none)"),
    Key("Network", "mcam", "bool", False, "multi-context attention (Chu et al. 2017); not implemented"),
    Key("Network", "loss", "str", "mse",
        "mse (the paper) or sigmoid_cross_entropy (the TensorFlow original) on the heatmap logits"),
    Key("Network", "initializer", "str", "glorot_normal",
        "convolution weights: glorot_normal (the TensorFlow original's Xavier), glorot_uniform, he_normal "
        "or he_uniform; the heatmap layers always start at N(0, 0.001)"),
    # [Train]
    Key("Train", "batch_size", "int", 4, "samples per step"),
    Key("Train", "nEpochs", "int", 200, "epochs to train (0: only evaluate)"),
    Key("Train", "epoch_size", "int", 1000, "steps per epoch; evaluation and a checkpoint after each"),
    Key("Train", "learning_rate", "float", 2.5e-4, "RMSProp learning rate"),
    Key("Train", "learning_rate_decay", "float", 0.96, "learning-rate factor every decay_step steps"),
    Key("Train", "decay_step", "int", 2000, "steps between learning-rate decays"),
    Key("Train", "weighted_loss", "bool", True,
        "unlabelled joints have zero weight in the loss (False: the original's all-zero target)"),
    Key("Train", "momentum", "float", 0.0, "RMSProp momentum (0: Torch's optim.rmsprop, as pose-hg-train)"),
    Key("Train", "weight_decay", "float", 0.0,
        "L2 factor on the convolution weights, added to the loss as weight_decay x sum(w^2) / 2 (0: none)"),
    Key("Train", "warmup_epochs", "int", 0,
        "epochs over which the learning rate rises linearly to learning_rate (0: none)"),
    Key("Train", "label_smoothing", "float", 0.0,
        "sigmoid_cross_entropy loss only: targets t become t (1 - s) + s / 2 (0: none)"),
    # [Validation]
    Key("Validation", "valid_iteration", "int", 10,
        "validation batches scored after each epoch (0: all); the last evaluation scores all"),
    Key("Validation", "flip_test", "bool", True, "average the heatmaps of each crop and its mirror image"),
    # [Saver]
    Key("Saver", "log_dir_train", "path", "",
        "TensorBoard folder of training (empty: <output>/tensorboard/train)"),
    Key("Saver", "log_dir_test", "path", "",
        "TensorBoard folder of validation (empty: <output>/tensorboard/test)"),
    Key("Saver", "saver_step", "int", 500, "steps between training summaries and progress lines"),
    Key("Saver", "saver_directory", "path", "",
        "run folder: checkpoints, config, results (empty: output/<name>)"),
)
SECTIONS = ("DataSetHG", "Network", "Train", "Validation", "Saver")
KEYS = collections.OrderedDict((k.name.lower(), k) for k in SCHEMA)
# Keys that define the network: a run folder's checkpoints need the same values.
NETWORK_KEYS = ("img_size", "hm_size", "num_joints", "remove_joints", "joint_list", "nFeats", "nStacks",
                "nModules", "tiny", "nLow", "loss")

_LINE = re.compile(r"^\s*([^:=\s][^:=]*?)\s*[:=]\s*(.*?)\s*$")
_SECTION = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*$")


class ConfigError(ValueError):
    """A config file or override that cannot be used; the message names where and why."""


def _parse_value(key, text):
    """The value of `key` from its text, by the key's declared kind; ValueError if it does not fit."""
    kind = key.kind
    if kind in ("str", "path"):
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            value = text[1:-1]
        elif text and text[0] in "'\"":
            raise ValueError("unterminated quote in %s" % text)
        else:
            value = text
        if kind == "path" and os.name != "nt" and _WINDOWS_DRIVE.match(value):
            raise ValueError("%r is a Windows path; write a folder of this machine instead, %s"
                             % (value, _PATH_HINTS[key.name]))
        return value
    if kind == "int":
        if not re.match(r"^[+-]?\d+$", text):
            raise ValueError("expected an integer, got %s" % text)
        return int(text)
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError("expected a number, got %s" % text)
    if kind == "bool":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError("expected True or False, got %s" % text)
    if kind in ("names", "names_or_none"):
        if kind == "names_or_none" and text in ("None", "none", ""):
            return None
        try:
            value = ast.literal_eval(text)  # a literal parser, not eval(): no names, no calls
        except (ValueError, SyntaxError):
            value = None
        if not (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
            raise ValueError("expected a list of quoted names like ['pelvis', 'thorax']%s, got %s"
                             % (" or None" if kind == "names_or_none" else "", text))
        return list(value)
    raise AssertionError(kind)


# How to write each path key instead of a Windows path (the message ends with it).
_PATH_HINTS = {
    "training_txt_file": "absolute or relative to --data_path, e.g. training_txt_file: 'dataset.txt'",
    "validation_file": "absolute or relative to --data_path, or '' for the standard split",
    "img_directory": "absolute or relative to --data_path, e.g. img_directory: 'images'",
    "log_dir_train": "or '' for <run folder>/tensorboard/train",
    "log_dir_test": "or '' for <run folder>/tensorboard/test",
    "saver_directory": "or '' for output/<name>",
}


def _lookup(name, where):
    key = KEYS.get(name.lower())
    if key is None:
        close = difflib.get_close_matches(name.lower(), list(KEYS), n=1)
        hint = " (did you mean %s?)" % KEYS[close[0]].name if close else ""
        raise ConfigError("%s: unknown key %r%s" % (where, name, hint))
    return key


class Config(object):
    """The values of every SCHEMA key, as attributes named like the keys (cfg.nStacks)."""

    def __init__(self, values=None, path="<defaults>"):
        self.path = path
        for key in SCHEMA:
            setattr(self, key.name, list(key.default) if isinstance(key.default, list) else key.default)
        for name, value in (values or {}).items():
            setattr(self, KEYS[name.lower()].name, value)

    def values(self):
        return collections.OrderedDict((k.name, getattr(self, k.name)) for k in SCHEMA)

    def set(self, assignment, where):
        """Applies one override 'key=value' or 'Section.key=value'."""
        name, sep, text = assignment.partition("=")
        if not sep:
            raise ConfigError("%s: expected KEY=VALUE, got %r" % (where, assignment))
        name = name.strip()
        section, dot, bare = name.rpartition(".")
        key = _lookup(bare if dot else name, where)
        if dot and section.lower() != key.section.lower():
            raise ConfigError("%s: %s belongs in [%s], not [%s]" % (where, key.name, key.section, section))
        try:
            setattr(self, key.name, _parse_value(key, text.strip()))
        except ValueError as err:
            raise ConfigError("%s: %s: %s" % (where, key.name, err))

    @property
    def trained_joints(self):
        """Names of the joints the network predicts: joint_list minus remove_joints, in order."""
        removed = set(self.remove_joints or [])
        return [j for j in self.joint_list if j not in removed]

    def check(self):
        """Raises ConfigError for values that cannot work together."""
        where = self.path
        positive = ("img_size", "hm_size", "num_joints", "nFeats", "nStacks", "nModules", "nLow",
                    "batch_size", "epoch_size", "decay_step", "saver_step")
        for name in positive:
            if getattr(self, name) < 1:
                raise ConfigError("%s: %s must be at least 1, got %d" % (where, name, getattr(self, name)))
        for name in ("valid_iteration", "nEpochs"):
            if getattr(self, name) < 0:
                raise ConfigError("%s: %s must not be negative, got %d" % (where, name, getattr(self, name)))
        if self.img_size != 4 * self.hm_size:
            raise ConfigError("%s: img_size must be 4 x hm_size (the network's stride), got %d and %d"
                              % (where, self.img_size, self.hm_size))
        if self.hm_size % (2 ** self.nLow):
            raise ConfigError("%s: hm_size %d cannot be halved nLow=%d times"
                              % (where, self.hm_size, self.nLow))
        if self.nFeats % 2:
            raise ConfigError("%s: nFeats must be even (the bottleneck halves it), got %d"
                              % (where, self.nFeats))
        for name, low, high in (("dropout_rate", 0.0, 0.99), ("rotate_prob", 0.0, 1.0), ("scale", 0.0, 0.9),
                                ("color_jitter", 0.0, 1.0), ("learning_rate_decay", 1e-6, 1.0),
                                ("momentum", 0.0, 0.999), ("weight_decay", 0.0, 1.0),
                                ("label_smoothing", 0.0, 0.99)):
            if not low <= getattr(self, name) <= high:
                raise ConfigError("%s: %s must be in [%g, %g], got %g"
                                  % (where, name, low, high, getattr(self, name)))
        if not self.sigma > 0 or not self.learning_rate > 0 or self.rotate < 0:
            raise ConfigError("%s: sigma and learning_rate must be positive and rotate not negative" % where)
        if self.loss not in LOSSES:
            raise ConfigError("%s: loss must be one of %s, got %r" % (where, ", ".join(LOSSES), self.loss))
        if self.initializer not in INITIALIZERS:
            raise ConfigError("%s: initializer must be one of %s, got %r"
                              % (where, ", ".join(INITIALIZERS), self.initializer))
        if self.warmup_epochs < 0:
            raise ConfigError("%s: warmup_epochs must not be negative, got %d" % (where, self.warmup_epochs))
        if self.label_smoothing and self.loss != "sigmoid_cross_entropy":
            raise ConfigError("%s: label_smoothing applies to loss: 'sigmoid_cross_entropy' only; set "
                              "label_smoothing: 0 or that loss" % where)
        if self.mcam:
            raise ConfigError("%s: mcam: True (multi-context attention, Chu et al. 2017) is not implemented; "
                              "the original marks it work in progress; set mcam: False" % where)
        if len(set(self.joint_list)) != len(self.joint_list) or not self.joint_list:
            raise ConfigError("%s: joint_list must name each joint once" % where)
        unknown = [j for j in self.remove_joints or [] if j not in self.joint_list]
        if unknown:
            raise ConfigError("%s: remove_joints names %s, which joint_list lacks"
                              % (where, ", ".join(unknown)))
        if self.num_joints != len(self.trained_joints):
            raise ConfigError("%s: num_joints is %d but joint_list minus remove_joints leaves %d joints"
                              % (where, self.num_joints, len(self.trained_joints)))
        return self

    def save(self, path):
        """Writes every value as a config file that `load` reads back."""
        lines = ["# Written by the training run; the values it used (defaults included).", ""]
        for section in SECTIONS:
            lines.append("[%s]" % section)
            for key in SCHEMA:
                if key.section == section:
                    lines.append("%s: %s" % (key.name, _format_value(key, getattr(self, key.name))))
            lines.append("")
        with open(path, "w") as f:
            f.write("\n".join(lines))


def _format_value(key, value):
    if value is None:
        return "None"
    if key.kind in ("str", "path"):
        return "'%s'" % value
    if key.kind in ("names", "names_or_none"):
        return "[%s]" % ", ".join("'%s'" % v for v in value)
    return repr(value)


def load(path, overrides=()):
    """Reads the config file at `path`, then applies `overrides` ('key=value' strings).

    Returns a checked Config. Raises ConfigError naming the file and line (or the
    override) for a missing file, a line that is not `key: value`, an unknown
    section or key, a key outside its section, a repeated key or a bad value.
    """
    if not os.path.isfile(path):
        raise ConfigError("config file %s not found" % path)
    cfg = Config(path=path)
    seen = {}
    section = None
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            where = "%s:%d" % (path, number)
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            match = _SECTION.match(line)
            if match:
                names = {s.lower(): s for s in SECTIONS}
                section = names.get(match.group(1).lower())
                if section is None:
                    raise ConfigError("%s: unknown section [%s] (sections: %s)"
                                      % (where, match.group(1), " ".join("[%s]" % s for s in SECTIONS)))
                continue
            match = _LINE.match(line)
            if not match:
                raise ConfigError("%s: expected 'key: value', got %r" % (where, line))
            if section is None:
                raise ConfigError("%s: %r comes before any [section]" % (where, line))
            key = _lookup(match.group(1), where)
            if key.section != section:
                raise ConfigError("%s: %s belongs in [%s], not [%s]"
                                  % (where, key.name, key.section, section))
            if key.name in seen:
                raise ConfigError("%s: %s is set twice (first on line %d)"
                                  % (where, key.name, seen[key.name]))
            seen[key.name] = number
            try:
                setattr(cfg, key.name, _parse_value(key, match.group(2)))
            except ValueError as err:
                raise ConfigError("%s: %s: %s" % (where, key.name, err))
    for assignment in overrides:
        cfg.set(assignment, "--set %s" % assignment)
    return cfg.check()


def network_mismatch(saved, current):
    """Names of the NETWORK_KEYS whose values differ between two configs."""
    return [k for k in NETWORK_KEYS if getattr(saved, k) != getattr(current, k)]
