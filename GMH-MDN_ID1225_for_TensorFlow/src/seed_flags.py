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
"""The flags of the published ModelZoo ports (the "seed" READMEs), on today's entry.

The 3D baseline's port ran `python src/predict_3dpose.py ...`, GMH-MDN's
`python3 ./predict_3dpose_mdm.py ...` from src/ (through test/train_full_1p.sh). Those
entry files are thin: they call src/train.py's main with `port_entry=True`. src/train.py
accepts the ports' flags too (so `bash test/train_full_1p.sh --train_dir DIR` passes
them through). What each port flag does here:

  --data_dir DIR (the baseline's port spells it --date_dir; both work there)
                      the dataset folder, as --data_path. Port entry default: data/h36m/
  --train_dir DIR     the run folder, as --output_path. The baseline's port (and its
                      upstream code) appended the configuration to it
                      (DIR/All/dropout_0.5/epochs_200/lr_0.001/residual/depth_2/
                      linear_size1024/batch_size_64/no_procrustes/maxnorm/
                      batch_normalization/predict_17); so does the baseline here, which is
                      how `--sample --load N` with the training flags finds the checkpoint.
                      Port entry default: experiments (baseline), experiments/test_git (GMH)
  --load_dir DIR      (GMH) where --test, --sample and --load read the checkpoint; for a
                      training run in another folder it initialises the network from there
  --test [BOOL]       (GMH) evaluate the checkpoint (--load N, else the latest) without training
  --cameras_path FILE the camera parameters (cameras.h5 or metadata.xml) the data are
                      projected with; default: the one in the dataset folder
  --procrustes [BOOL] the run's reported accuracy is Protocol 2 (after Procrustes alignment)
                      instead of Protocol 1; both are always printed
  --evaluateActionWise [BOOL]  accepted; the evaluation is always per action, averaged
                      over the 15 actions (the paper's protocol), whatever its value
  --use_cpu [BOOL]    hide the GPUs (CUDA_VISIBLE_DEVICES=-1); refused on an Ascend NPU
  --use_fp16 [BOOL]   (baseline) True: --precision_mode allow_mix_precision; False: fp32
  --result DIR        (baseline) copy the run folder there at the end (ModelArts' result folder)
  --obs_dir URL       (baseline) copy the dataset from OBS (obs://...) into --date_dir
                      first; needs ModelArts' moxing package
Boolean port flags take an optional value (`--test`, `--test True`, `--test=False`), as the
ports' scripts passed them. The port flags that today's entry already has under the same
name (--learning_rate, --dropout, --batch_size, --epochs, --camera_frame, --max_norm,
--batch_norm, --predict_14, --use_sh, --action, --linear_size, --num_layers, --residual,
--sample, --load, --miss_num) are today's flags, with the paper's defaults.
"""
import argparse
import os
import shutil

from npu_device import str2bool
from train_loop import CKPT_PREFIX, UsageError, checkpoint_steps

# Per port: its entry file, the port flags it listed, and its default folders (port entry only).
BASELINE_PORT = {
    "entry": "src/predict_3dpose.py",
    "flags": ("date_dir", "data_dir", "train_dir", "cameras_path", "procrustes", "evaluateActionWise",
              "use_cpu", "use_fp16", "result", "obs_dir"),
    "data_default": "data/h36m/",
    "train_dir_default": "experiments",
    "config_subdirs": True,
}
GMH_PORT = {
    "entry": "src/predict_3dpose_mdm.py",
    "flags": ("data_dir", "train_dir", "load_dir", "cameras_path", "test", "procrustes",
              "evaluateActionWise", "use_cpu"),
    "data_default": "data/h36m/",
    "train_dir_default": "experiments/test_git/",
    "config_subdirs": False,
}


_BOOL = dict(type=str2bool, nargs="?", const=True, metavar="BOOL")
_HELP = {
    "date_dir": (dict(metavar="DIR"), "the port's spelling of --data_dir"),
    "data_dir": (dict(metavar="DIR"), "dataset folder, as --data_path (port entry default: %(data)s)"),
    "train_dir": (dict(metavar="DIR"),
                  "run folder, as --output_path%(subdirs)s (port entry default: %(train)s)"),
    "load_dir": (dict(metavar="DIR"),
                 "checkpoint folder of --test, --sample and --load (default: the run folder)"),
    "cameras_path": (dict(metavar="FILE"), "camera parameters, cameras.h5 or metadata.xml (default: the "
                                           "dataset folder's)"),
    "test": (dict(_BOOL, default=False),
             "evaluate the checkpoint (--load N, else the latest) without training"),
    "procrustes": (dict(_BOOL, default=False),
                   "report Protocol 2 (Procrustes-aligned) MPJPE as the accuracy"),
    "evaluateActionWise": (dict(_BOOL, default=True), "accepted; the evaluation is always per action"),
    "use_cpu": (dict(_BOOL, default=False), "hide the GPUs (CUDA_VISIBLE_DEVICES=-1)"),
    "use_fp16": (dict(_BOOL, default=None), "True: --precision_mode allow_mix_precision; False: fp32"),
    "result": (dict(metavar="DIR"), "copy the run folder here at the end (ModelArts)"),
    "obs_dir": (dict(metavar="URL"),
                "copy the dataset from this obs:// URL into --date_dir first (ModelArts)"),
}


def add_port_flags(parser, port, port_entry):
    """Adds `port`'s flags (BASELINE_PORT or GMH_PORT) to a parser of trainer.build_parser.

    port_entry: True for the port's entry file, where the port's default folders apply and
    --data_path is not required.
    """
    group = parser.add_argument_group("flags of the published ModelZoo port (%s; see seed_flags.py)"
                                      % port["entry"])
    names = {"data": port["data_default"], "train": port["train_dir_default"],
             "subdirs": " + the configuration's subfolders" if port["config_subdirs"] else ""}
    for name in port["flags"]:
        kwargs, text = _HELP[name]
        group.add_argument("--" + name, dest=name, help=text % names, **kwargs)
    for action in parser._actions:  # --data_dir may replace it
        if action.dest == "data_path":
            action.required = False
    parser.set_defaults(port=port, port_entry=port_entry)


def hide_gpus(argv):
    """With --use_cpu in argv (a port entry's arguments), hides the GPUs from TensorFlow.

    Runs before the parser is built: the device is named (and the GPUs listed) then.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--use_cpu", type=str2bool, nargs="?", const=True, default=False)
    try:
        use_cpu = parser.parse_known_args(list(argv))[0].use_cpu
    except SystemExit:  # a bad value: the full parser reports it
        return
    if use_cpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"


def _config_subdirs(args):
    """The upstream 3d-pose-baseline's run folder below --train_dir (the configuration's names)."""
    return os.path.join(
        args.action, "dropout_{0}".format(float(args.dropout)),
        "epochs_{0}".format(args.epochs) if args.epochs > 0 else "",
        "lr_{0}".format(float(args.learning_rate)),
        "residual" if args.residual else "not_residual", "depth_{0}".format(args.num_layers),
        "linear_size{0}".format(args.linear_size), "batch_size_{0}".format(args.batch_size),
        "procrustes" if args.procrustes else "no_procrustes",
        "maxnorm" if args.max_norm else "no_maxnorm",
        "batch_normalization" if args.batch_norm else "no_batch_normalization",
        "predict_14" if args.predict_14 else "predict_17")


def _folder(flag, path):
    if not os.path.isdir(path):
        raise UsageError("%s %s: folder not found" % (flag, path))
    return path


def _copy_from_obs(url, target):
    try:
        import moxing as mox  # ModelArts only
    except ImportError:
        raise UsageError("--obs_dir %s: copying from OBS needs ModelArts' moxing package; download the "
                         "data and pass --date_dir" % url)
    mox.file.copy_parallel(url, target)


def apply_port_flags(args, device_name):
    """Turns the port flags in args into today's settings (in place); UsageError on bad ones.

    device_name: () -> "NPU", "GPU" or "CPU" (npu_device.device_name).
    """
    port = getattr(args, "port", None)
    if port is None:
        return
    given = [(flag, getattr(args, flag, None)) for flag in ("data_dir", "date_dir")]
    given = [(flag, path) for flag, path in given if path]
    if args.data_path:
        given.insert(0, ("data_path", args.data_path))
    if len(set(os.path.realpath(path) for _, path in given)) > 1:
        raise UsageError("%s name different dataset folders; give one" % " and ".join(
            "--%s %s" % pair for pair in given))
    if not given:
        if not args.port_entry:
            raise UsageError("--data_path is required")
        given = [("date_dir" if "date_dir" in port["flags"] else "data_dir", port["data_default"])]
    flag, args.data_path = "--" + given[0][0], given[0][1]
    if getattr(args, "obs_dir", None):
        if not args.obs_dir.startswith("obs://"):
            raise UsageError("--obs_dir %s: expected an obs:// URL; pass a local folder as --date_dir"
                             % args.obs_dir)
        os.makedirs(args.data_path, exist_ok=True)
        _copy_from_obs(args.obs_dir, args.data_path)
    _folder(flag, args.data_path)
    if args.cameras_path:
        if not os.path.isfile(args.cameras_path):
            raise UsageError("--cameras_path %s: file not found" % args.cameras_path)
        if os.path.basename(args.cameras_path) not in ("cameras.h5", "metadata.xml"):
            raise UsageError("--cameras_path %s: expected a cameras.h5 (h36m.zip) or metadata.xml "
                             "(official release) file" % args.cameras_path)

    train_dir = args.train_dir or (port["train_dir_default"] if args.port_entry else None)
    if train_dir:
        args.output_path = os.path.join(train_dir, _config_subdirs(args)) if port["config_subdirs"] \
            else train_dir
    load_dir = getattr(args, "load_dir", None)
    if getattr(args, "test", False):
        if args.sample:
            raise UsageError("--test evaluates and --sample draws figures; give one")
        args.output_path = _folder("--load_dir", load_dir) if load_dir else args.output_path
        if not checkpoint_steps(args.output_path):
            raise UsageError("--test: no checkpoint %s-* in %s" % (CKPT_PREFIX, args.output_path))
        args.epochs, args.train_steps, args.evaluate = 0, 0, True
    elif args.sample and load_dir:
        args.output_path = _folder("--load_dir", load_dir)
    elif load_dir and os.path.realpath(load_dir) != os.path.realpath(args.output_path):
        # Training in another folder starts from the network of load_dir's checkpoint.
        _folder("--load_dir", load_dir)
        args.ckpt_path = os.path.join(load_dir, "%s-%d" % (CKPT_PREFIX, args.load)) if args.load else load_dir
        args.load = 0
    if args.evaluateActionWise is False:
        print("Note: --evaluateActionWise False is accepted, but the evaluation is per action "
              "(the paper's protocol), as with True")
    if getattr(args, "use_fp16", None) is not None:
        args.precision_mode = "allow_mix_precision" if args.use_fp16 else "fp32"
    if args.use_cpu and device_name() == "NPU":
        raise UsageError("--use_cpu: this host trains on its Ascend NPU; remove --use_cpu")


def copy_result(args):
    """--result DIR: copies the run folder into DIR (ModelArts uploads DIR to OBS)."""
    result = getattr(args, "result", None)
    if result:
        target = os.path.join(result, os.path.basename(os.path.normpath(args.output_path)))
        if os.path.exists(target):
            shutil.rmtree(target)
        shutil.copytree(args.output_path, target)
        print("Copied %s to %s" % (args.output_path, target))
