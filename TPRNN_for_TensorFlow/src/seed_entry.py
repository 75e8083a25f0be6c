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
"""The published port's command lines, translated to src/train.py.

    python tprnn_train_human.py [seed flags]     (from the model directory, as the port's README)
    python tprnn_train_penn.py  [seed flags]

The seed flags keep the port's spelling, defaults and meaning (its argparse list:
--tprnn_scale is K, --tprnn_layers is M, --iterations the steps to train, --more the
steps to train on top of --load, --model basic|generic, ...). Where the port's parsing
was wrong the flag does what its help says: the port's boolean flags (type=bool) took
any non-empty word, "False" included, as true, and a bare --sample was an error; here
--sample, --use_cpu and --omit_one_hot take no value or one of true/false/1/0/yes/no.
Any other flag goes to src/train.py unchanged (e.g. --precision_mode, --train_subjects).

Everything is checked before TensorFlow is imported (so --use_cpu can hide the GPUs):
a bad value or a missing folder is one "error: ..." line and exit code 2.
"""
import argparse
import os
import sys

# The port's model names and what they select in src/train.py: the basic model trains
# with SGD, the generic one with Adam (its dropout comes from --dropout_keep).
MODEL_OPTIMIZERS = {"basic": "sgd", "generic": "adam"}
DATASETS = ("human", "penn")
# Where the port's README puts the data (inside the model directory), per entry.
DEFAULT_DATA_DIRS = {"human": os.path.join("data", "h3.6m", "dataset"),
                     "penn": os.path.join("data", "Penn_Action")}
DEFAULT_TRAIN_DIR = "experiments"  # the original code's ./experiments/
# src/train.py flags that a seed flag sets: giving both would leave one of them unused.
TRANSLATED = {"--num_phases": "--tprnn_scale", "--num_levels": "--tprnn_layers",
              "--train_steps": "--iterations or --more", "--epochs": "--iterations or --more",
              "--optimizer": "--model", "--data_path": "--data_dir",
              "--output_path": "--train_dir", "--save_every_steps": "--save_every"}
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def seed_bool(value):
    """argparse type of the port's boolean flags: true/false/1/0/yes/no, any case."""
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise argparse.ArgumentTypeError("expected true or false, got %r" % value)


class SeedError(Exception):
    """A seed flag value or folder this entry cannot run with; the message names it."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, "%s: error: %s (see --help)\n" % (self.prog, message))


def build_parser(dataset, prog):
    p = _Parser(prog=prog, description="TP-RNN with the published port's flags (%s entry); "
                "other flags go to src/train.py (python src/train.py --help)" % dataset)
    g = p.add_argument_group("learning (the port's defaults)")
    g.add_argument("--learning_rate", type=float, default=0.005, help="initial learning rate")
    g.add_argument("--learning_rate_decay_factor", type=float, default=0.95,
                   help="multiply the learning rate by this every --learning_rate_step steps")
    g.add_argument("--learning_rate_step", type=int, default=10000)
    g.add_argument("--max_gradient_norm", type=float, default=5.0, help="clip gradients to this global norm")
    g.add_argument("--batch_size", type=int, default=16, help="windows per step on each device")
    g.add_argument("--iterations", type=int, default=100000,
                   help="steps to train (from --load N when given; a fresh folder from 0)")
    g.add_argument("--more", type=int, default=0,
                   help="train this many steps instead of --iterations, on top of --load N or of "
                        "the latest checkpoint in the run folder")
    g = p.add_argument_group("architecture")
    g.add_argument("--rnn_size", type=int, default=1024, help="LSTM units of every level")
    g.add_argument("--seq_length_in", type=int, default=None,
                   help="observed frames at 25 fps (default: 50; penn: 2, the first frame repeated)")
    g.add_argument("--seq_length_out", type=int, default=None,
                   help="predicted frames (default: 10; penn: 16)")
    g.add_argument("--omit_one_hot", type=seed_bool, nargs="?", const=True, default=True,
                   help="no one-hot action input (the model is action-agnostic; only true runs)")
    g.add_argument("--tprnn_scale", type=int, default=2, help="K, phases per level step")
    g.add_argument("--tprnn_layers", type=int, default=2, help="M, levels of the hierarchy")
    g.add_argument("--dropout_keep", type=float, default=1.0, help="dropout keep probability")
    g.add_argument("--model", default="basic",
                   help="basic (SGD) or generic (Adam; the paper's generic run adds --dropout_keep 0.5)")
    g.add_argument("--dataset", default=dataset, help="human or penn")
    g.add_argument("--action", default="all", help="one Human3.6M action or all")
    g = p.add_argument_group("runs")
    g.add_argument("--test_every", type=int, default=1000,
                   help="evaluate and save a checkpoint every N steps")
    g.add_argument("--save_every", type=int, default=1000,
                   help="save a checkpoint every N steps (src/train.py --save_every_steps), "
                        "besides those of every evaluation (--test_every)")
    g.add_argument("--sample", type=seed_bool, nargs="?", const=True, default=False,
                   help="write samples.h5 and figures of --load N (or the latest) instead of training")
    g.add_argument("--use_cpu", type=seed_bool, nargs="?", const=True, default=False,
                   help="hide the GPUs (an Ascend NPU is still used when present, as in the port)")
    g.add_argument("--load", type=int, default=0, help="restore the checkpoint of this step")
    g.add_argument("--data_dir", "--locals_dir", "--data_url", dest="data_dir", default=None,
                   help="data folder (default: %s for human, %s for penn, relative to the current "
                        "directory)" % (DEFAULT_DATA_DIRS["human"], DEFAULT_DATA_DIRS["penn"]))
    g.add_argument("--train_dir", "--model_dir", "--train_url", dest="train_dir", default=DEFAULT_TRAIN_DIR,
                   help="runs go to TRAIN_DIR/tprnn_scale_K/tprnn_layers_M/dropout_keep_P/MODEL "
                        "(the port's layout; default: %(default)s)")
    return p


def run_folder(args):
    """The port's run folder: the train dir, then K, M, the keep probability and the model."""
    return os.path.join(args.train_dir, "tprnn_scale_%d" % args.tprnn_scale,
                        "tprnn_layers_%d" % args.tprnn_layers,
                        "dropout_keep_%s" % args.dropout_keep, args.model)


def stop_step(args, latest):
    """Global step to train to: --iterations (or --more) steps after --load N; --more
    without --load counts from `latest`, the run folder's latest checkpoint step (0 if
    none); otherwise the run trains to step --iterations (resuming the folder's latest
    checkpoint when there is one, as src/train.py does)."""
    steps = args.more or args.iterations
    if args.load > 0:
        return args.load + steps
    if args.more:
        return latest + steps
    return steps


def translate(args, extra):
    """src/train.py's argument list, less --train_steps (see stop_step), for the parsed
    seed flags `args` and the flags `extra` meant for src/train.py; SeedError for a
    value the entry cannot run with."""
    if args.model not in MODEL_OPTIMIZERS:
        raise SeedError("--model %s: unknown model; use basic or generic" % args.model)
    if args.dataset not in DATASETS:
        raise SeedError("--dataset %s: unknown dataset; use human or penn" % args.dataset)
    if not args.omit_one_hot:
        raise SeedError("--omit_one_hot false: TP-RNN is action-agnostic and has no one-hot action "
                        "input here (the port parsed every non-empty value as true); leave it out")
    for name in ("tprnn_scale", "tprnn_layers", "rnn_size", "batch_size", "test_every", "save_every",
                 "learning_rate_step"):
        if getattr(args, name) < 1:
            raise SeedError("--%s %d: must be at least 1" % (name, getattr(args, name)))
    for name in ("iterations", "more", "load"):
        if getattr(args, name) < 0:
            raise SeedError("--%s %d: must not be negative" % (name, getattr(args, name)))
    args.data_dir = args.data_dir or DEFAULT_DATA_DIRS[args.dataset]
    if not os.path.isdir(args.data_dir):
        expected = ("the folder holding S1, S5, ..." if args.dataset == "human" else
                    "the Penn Action folder holding labels/")
        raise SeedError("--data_dir %s: no such folder (%s)" % (args.data_dir, expected))
    for flag in extra:
        name = flag.split("=", 1)[0]
        if name in TRANSLATED:
            raise SeedError("%s: this entry sets it from %s; give that flag instead"
                            % (name, TRANSLATED[name]))
    output_path = run_folder(args)
    argv = ["--data_path", args.data_dir, "--dataset", args.dataset, "--output_path", output_path,
            "--action", args.action, "--num_phases", str(args.tprnn_scale),
            "--num_levels", str(args.tprnn_layers), "--rnn_size", str(args.rnn_size),
            "--dropout_keep", repr(args.dropout_keep), "--optimizer", MODEL_OPTIMIZERS[args.model],
            "--learning_rate", repr(args.learning_rate),
            "--learning_rate_decay_factor", repr(args.learning_rate_decay_factor),
            "--learning_rate_step", str(args.learning_rate_step),
            "--max_gradient_norm", repr(args.max_gradient_norm), "--batch_size", str(args.batch_size),
            "--test_every", str(args.test_every), "--save_every_steps", str(args.save_every),
            "--load", str(args.load)]
    for name in ("seq_length_in", "seq_length_out"):
        if getattr(args, name) is not None:
            argv += ["--" + name, str(getattr(args, name))]
    if args.sample:
        argv.append("--sample")
    return argv


def main(dataset, argv=None, prog=None):
    """Runs src/train.py with the seed flags of `argv` (default sys.argv[1:]); exit code."""
    args, extra = build_parser(dataset, prog).parse_known_args(argv)
    try:
        train_argv = translate(args, extra)
    except SeedError as err:
        print("error: %s" % err, file=sys.stderr)
        return 2
    if args.use_cpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"  # before TensorFlow is imported
    import train
    from train_loop import checkpoint_steps
    latest = max(checkpoint_steps(run_folder(args)) or [0])
    train_argv += ["--train_steps", str(stop_step(args, latest))] + list(extra)
    print("src/train.py %s" % " ".join(train_argv))
    sys.stdout.flush()
    return train.main(train_argv)
