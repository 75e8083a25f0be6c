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
"""The ModelZoo port's entry name: its 脚本参数 flags, translated to src/train.py.

    python3 train_launcher.py --data_dir DATA [--batch_size 4 --lr 0.00025 --max_epochs 200 ...]
    python3 train_launcher.py --synthetic --max_train_steps 100           # generated MPII-layout data
    python3 train_launcher.py --data_dir DATA --mode evaluate --checkpoint_dir RUN   # RUN's config.cfg

The port's README lists these flags (copied there from another network's template);
each one is translated to the flag or config key of src/train.py with that meaning,
and src/train.py's main runs. Any other flag (--config, --set KEY=VALUE, --precision_mode,
...) goes to src/train.py unchanged. Where a seed default does not fit this network,
the default is the hourglass's (README, 脚本参数).
"""
import os
import sys

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(MODEL_DIR, "src"))

import config as config_lib  # noqa: E402
import train  # noqa: E402
from npu_device import str2bool  # noqa: E402
from train_loop import OneLineErrorParser, UsageError, checkpoint_steps, one_line_errors  # noqa: E402

SYNTHETIC_IMAGES = 240  # --synthetic: images of make_sample_data.py (about 1.35 people each)
SYNTHETIC_FOLDER = "synthetic_data"  # in the run folder


def build_parser():
    p = OneLineErrorParser(description=__doc__.split("\n")[0], epilog="Other flags go to src/train.py.")
    p.add_argument("--data_dir", default=None, help="dataset folder (src/train.py --data_path); required "
                   "unless --synthetic")
    p.add_argument("--num_classes", type=int, default=None,
                   help="heatmaps predicted, i.e. joints (config num_joints; default: the config's 16)")
    p.add_argument("--batch_size", type=int, default=None, help="batch size (default: the config's 4)")
    p.add_argument("--lr", type=float, default=None, help="initial learning rate (config learning_rate)")
    p.add_argument("--max_epochs", type=int, default=None, help="epochs (config nEpochs)")
    p.add_argument("--warmup_epochs", type=int, default=None,
                   help="epochs of linear learning-rate warm-up (config warmup_epochs; default 0)")
    p.add_argument("--weight_decay", type=float, default=None,
                   help="L2 factor on the convolution weights (config weight_decay; default 0)")
    p.add_argument("--momentum", type=float, default=None,
                   help="RMSProp momentum (config momentum; default 0)")
    p.add_argument("--label_smoothing", type=float, default=None,
                   help="label smoothing of the sigmoid cross-entropy loss (config label_smoothing; "
                        "default 0)")
    p.add_argument("--save_summary_steps", type=int, default=None,
                   help="steps between progress lines and summaries (config saver_step)")
    p.add_argument("--log_dir", default=None, help="run folder: checkpoints and logs (src/train.py "
                   "--output_path; default: output/<name>)")
    p.add_argument("--log_name", default="", help="also write this entry's output to LOG_DIR/LOG_NAME")
    p.add_argument("--save_checkpoints_steps", type=int, default=None,
                   help="steps between checkpoints, which are also the evaluations: config epoch_size")
    p.add_argument("--mode", choices=("train", "evaluate"), default="train",
                   help="train, or evaluate a checkpoint on the validation split")
    p.add_argument("--checkpoint_dir", default=None,
                   help="checkpoint folder or prefix: evaluated with --mode evaluate, the initial "
                        "weights with --mode train (src/train.py --ckpt_path)")
    p.add_argument("--max_train_steps", type=int, default=None,
                   help="stop at this step (src/train.py --train_steps; default: the epochs')")
    p.add_argument("--synthetic", type=str2bool, nargs="?", const=True, default=False,
                   help="train on generated MPII-layout data written to the run folder")
    p.add_argument("--version", choices=config_lib.INITIALIZERS, default=None,
                   help="weight initialisation of the convolutions (config initializer; default "
                        "glorot_normal)")
    p.add_argument("--do_checkpoint", type=str2bool, nargs="?", const=True, default=True,
                   help="save checkpoints (only True: resuming and evaluation rest on them)")
    p.add_argument("--rank_size", type=int, default=1, help="devices (only 1: single-device training)")
    return p


def translate(args, rest):
    """src/train.py's argv for the seed flags `args` and the other flags `rest`."""
    if not args.do_checkpoint:
        raise UsageError("--do_checkpoint False: this entry always saves checkpoints (every "
                         "--save_checkpoints_steps steps; resuming and --mode evaluate rest on them)")
    if args.rank_size != 1:
        raise UsageError("--rank_size %d: the hourglass trains on one device only (there is no 8p script); "
                         "use --rank_size 1" % args.rank_size)
    if args.data_dir is None and not args.synthetic:
        raise UsageError("--data_dir is required (the MPII folder), or use --synthetic")
    if args.data_dir is not None and not os.path.isdir(args.data_dir):
        raise UsageError("--data_dir %s: no such folder" % args.data_dir)
    if args.checkpoint_dir is not None and not os.path.exists(args.checkpoint_dir) and not (
            os.path.isfile(args.checkpoint_dir + ".index")):
        raise UsageError("--checkpoint_dir %s: no such folder or checkpoint" % args.checkpoint_dir)
    argv = []
    settings = (("num_joints", args.num_classes), ("learning_rate", args.lr),
                ("warmup_epochs", args.warmup_epochs), ("weight_decay", args.weight_decay),
                ("momentum", args.momentum), ("label_smoothing", args.label_smoothing),
                ("saver_step", args.save_summary_steps), ("epoch_size", args.save_checkpoints_steps),
                ("initializer", args.version))
    argv += ["--set=%s=%s" % (key, value) for key, value in settings if value is not None]
    for flag, value in (("--batch_size", args.batch_size), ("--epochs", args.max_epochs),
                        ("--train_steps", args.max_train_steps), ("--output_path", args.log_dir)):
        if value is not None:
            argv.append("%s=%s" % (flag, value))
    if args.mode == "evaluate":
        # Nothing to train: src/train.py evaluates what it restored at step 0 of 0.
        argv += ["--epochs=0", "--train_steps=0", "--evaluate"]
        if args.checkpoint_dir is not None and args.log_dir is None:
            folder = args.checkpoint_dir if os.path.isdir(args.checkpoint_dir) else os.path.dirname(
                args.checkpoint_dir)
            argv.append("--output_path=%s" % os.path.join(folder, "evaluation"))
        saved = os.path.join(args.checkpoint_dir, train.RUN_CONFIG)
        if args.checkpoint_dir is not None and os.path.isfile(saved) and not any(
                a == "--config" or a.startswith("--config=") for a in rest):
            argv.append("--config=%s" % saved)  # the network that run trained
    if args.checkpoint_dir is not None:
        argv.append("--ckpt_path=%s" % args.checkpoint_dir)
    return argv + rest


def run_folder(argv):
    """The run folder src/train.py will use with `argv` (its --output_path, else the config's)."""
    parsed = train.build_parser().parse_args(argv)
    train.configure(parsed)
    return parsed.output_path


class Tee(object):
    """A stream that writes to a stream and a log file (--log_name)."""

    def __init__(self, stream, log):
        self.stream, self.log = stream, log

    def write(self, text):
        self.stream.write(text)
        self.log.write(text)

    def flush(self):
        self.stream.flush()
        self.log.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


def main(argv=None):
    args, rest = build_parser().parse_known_args(argv)

    def prepare():
        train_argv = translate(args, rest)
        evaluate_run = args.mode == "evaluate" and args.checkpoint_dir is None
        needs_folder = args.synthetic or args.log_name or evaluate_run
        output = run_folder(["--data_path=."] + train_argv) if needs_folder else None
        if evaluate_run and not checkpoint_steps(output):
            raise UsageError("--mode evaluate: %s has no checkpoint; pass --checkpoint_dir or the --log_dir "
                             "of a training run" % output)
        if args.synthetic:
            data = os.path.join(output, SYNTHETIC_FOLDER, "mpii")
            if not os.path.isfile(os.path.join(data, "dataset.txt")):
                from make_sample_data import write_sample_data
                print("--synthetic: writing %d generated images to %s" % (SYNTHETIC_IMAGES, data))
                write_sample_data(os.path.join(output, SYNTHETIC_FOLDER), SYNTHETIC_IMAGES, seed=0)
            # The generated layout, whatever paths the config names.
            train_argv = ["--set=training_txt_file=dataset.txt", "--set=validation_file=",
                          "--set=img_directory=images"] + train_argv
        else:
            data = args.data_dir
        return ["--data_path=%s" % data] + train_argv, output

    prepared = []
    code = one_line_errors(lambda: prepared.append(prepare()) or 0)
    if code:
        return code
    train_argv, output = prepared[0]
    if not args.log_name:
        return train.main(train_argv)
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, args.log_name), "a") as log:
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Tee(stdout, log), Tee(stderr, log)
        try:
            return train.main(train_argv)
        finally:
            sys.stdout, sys.stderr = stdout, stderr


if __name__ == "__main__":
    sys.exit(main())
