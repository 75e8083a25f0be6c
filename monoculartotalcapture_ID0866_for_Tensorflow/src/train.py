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
"""Train and evaluate the Monocular Total Capture body network (2D keypoints + 3D POF).

    python src/train.py --data_path DATA --output_path OUT               # train (resumes OUT)
    python src/train.py --data_path DATA --output_path OUT --load N --train_steps 0   # evaluate step N
    python src/train.py --data_path DATA --ckpt_path snapshots/Final_qual_domeCOCO_chest_noPAF2D  # fine-tune

DATA holds coco/ (annotations/person_keypoints_<split>.json and the <split>/ images, a
database built by src/coco_db.py in coco/db/, or a person-keypoints file beside its images
named by --coco_train_split / --coco_val_split FILE.json), and/or the seed's COCO_data/
(ZheC's COCO.json, train2017/, mask2017/: zhec_coco.py; also given as --path_to_db,
--image_root, --mask_root), and/or h36m/ (cameras.h5, 3D positions and frames, see
h36m_frames.py). The COCO layout is detected; COCO_data/ trains in place of coco/'s training
split. Every batch mixes the datasets (--mix); Human3.6M subjects 1, 5, 6, 7, 8 train and 9,
11 validate, COCO val2017 validates. The defaults are the original's: the full network (368 x
368 input, 6 stages), Adam with learning rate 1e-4 and 1e-5 after --r_iter 100,000 steps,
200,000 steps (--max_iter), a snapshot and evaluation every 5,000 (--snapshot_freq), progress
every 10 (--show_loss_freq); the port's spelling is kept (--max_iter, --show_loss_freq,
--loss_weight_PAF, --lr [1e-4, 1e-5], --r_iter [100000]). --ckpt_path fine-tunes from a
checkpoint of the original network or of this code from its step (finetune.py); --vgg_init
starts the VGG-19 layers from ImageNet weights (vgg_init.py), else they are Xavier-initialised.
training_e2e_PAF.py is the port's entry over main().
"""
import argparse
import os
import sys

import numpy as np

import crops
import finetune
import h36m_frames
import keypoints as kp
import loss
import metrics
import network
import npu_device
import pipeline
import skeleton
import targets
import vgg_init
import zhec_coco
from dataio import DataError
from npu_device import tf
from train_loop import (OneLineErrorParser, UsageError, add_bool_flag, add_checkpoint_args, checkpoint_steps,
                        claim_output, one_line_errors, progress, restore, run_loop, save_run_files,
                        write_scalars)

NETWORK = "monoculartotalcapture_ID0866_for_Tensorflow"
HISTORY = 10  # the seed's "accuracy": the mean of the last 10 training losses
EVAL_BATCH = 4
# The flags that define a run's data: a resume must repeat them (train_loop.claim_output); the
# network's are checked by check_output_config.
RUN_FLAGS = ("coco_train_split", "coco_val_split", "coco_visible_only", "h36m_pose_stride", "mix",
             "image_root", "mask_root", "path_to_db")
# The port's data: ZheC's preprocessed COCO (Realtime_Multi-Person_Pose_Estimation: COCO.json, train2017/,
# mask2017/) under these flags or DATA/COCO_data/ (zhec_coco.py), and the released snapshot it
# fine-tunes from.
PORT_COCO_FLAGS = (("image_root", "image folder, e.g. /tmp/COCO_data/train2017/"),
                   ("mask_root", "miss-mask folder, e.g. /tmp/COCO_data/mask2017/"),
                   ("path_to_db", "COCO.json, e.g. /tmp/COCO_data/COCO.json"))
RELEASED_SNAPSHOT = "Final_qual_domeCOCO_chest_noPAF2D"


def _number_list(text, kind):
    """The numbers of 'a,b' or of the port's list form '[a, b]'; [] when one is not a number."""
    body = text.strip()
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    try:
        return [kind(v) for v in body.split(",")]
    except ValueError:
        return []


def learning_rates(text):
    """argparse type of --lr: two positive rates 'before,after' (or the port's '[1e-4, 1e-5]')."""
    values = _number_list(text, float)
    if len(values) != 2 or min(values) <= 0:
        raise argparse.ArgumentTypeError("expected two positive learning rates, before and after --r_iter, "
                                         "e.g. 1e-4,1e-5 or [1e-4, 1e-5]; got %r" % text)
    return values


def rate_drop_step(text):
    """argparse type of --r_iter: one step, N or the port's list form '[N]' (one drop: --lr has two rates)."""
    values = _number_list(text, int)
    if len(values) != 1 or values[0] < 0:
        raise argparse.ArgumentTypeError("expected one step at which the learning rate drops, e.g. 100000 or "
                                         "[100000]; got %r" % text)
    return values[0]


def mix_flag(text):
    """argparse type of --mix (pipeline.parse_mix)."""
    try:
        return pipeline.parse_mix(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error))


def build_parser():
    p = OneLineErrorParser(description=__doc__.split("\n")[0])
    g = p.add_argument_group("data")
    g.add_argument("--data_path", default="", help="folder holding coco/ and/or h36m/ (module doc); required")
    g.add_argument("--coco_train_split", default="train2017",
                   help="COCO split that trains (default: %(default)s), or a person-keypoints FILE.json "
                        "in coco/ with its images beside it")
    g.add_argument("--coco_val_split", default="val2017",
                   help="COCO split that validates (default: %(default)s), or a FILE.json as above")
    g.add_argument("--coco_visible_only", action="store_true",
                   help="when building a COCO database: only visible keypoints are valid "
                        "(default: all labelled)")
    g.add_argument("--h36m_pose_stride", type=int, default=1,
                   help="the Human3.6M 3D files keep every N-th pose (1: all; 20 for the every-20th sample)")
    g.add_argument("--mix", type=mix_flag, default=pipeline.parse_mix("coco=1,h36m=2"),
                   help="samples of each dataset per repeating group of a batch (default: coco=1,h36m=2, "
                        "the original's without its Dome data)")
    g.add_argument("--data_workers", type=int, default=4, help="threads preparing training crops")
    g.add_argument("--eval_samples", type=int, default=0,
                   help="validation people evaluated, evenly spread (0: all)")
    g.add_argument("--pck_alpha", type=float, default=metrics.PCK_ALPHA,
                   help="PCK threshold as a fraction of the person's size (default: %(default)s)")
    g = p.add_argument_group("network")
    g.add_argument("--input_size", type=int, default=368, help="crop side in pixels, a multiple of 8")
    g.add_argument("--num_stages", type=int, default=6, help="stages of both branches, the first included")
    g.add_argument("--trunk_width", type=int, default=64, help="channels of VGG block 1 (x2 per block)")
    g.add_argument("--stage_width", type=int, default=128, help="channels of the stage convolutions")
    g = p.add_argument_group("training")
    g.add_argument("--batch_size", type=int, default=3, help="crops per step on each rank")
    g.add_argument("--lr", type=learning_rates, default=[1e-4, 1e-5],
                   help="Adam learning rates before and after --r_iter (default: 1e-4,1e-5)")
    g.add_argument("--r_iter", type=rate_drop_step, default=100000,
                   help="the step after which the second rate applies (the port's [100000] form too)")
    g.add_argument("--train_steps", "--max_iter", dest="train_steps", type=int, default=200000,
                   help="stop at this global step (0: use --epochs; both 0: only evaluate)")
    g.add_argument("--epochs", type=int, default=0,
                   help="used when --train_steps is 0: passes over this rank's training people")
    g.add_argument("--snapshot_freq", type=int, default=5000,
                   help="evaluate and save a checkpoint every N steps")
    g.add_argument("--show_loss_freq", dest="log_every", type=int, default=10,
                   help="progress line every N steps")
    g.add_argument("--loss_weight_pof", "--loss_weight_PAF", dest="loss_weight_pof", type=float, default=1.0,
                   help="weight of the POF loss (the original's loss_weight_PAF)")
    g.add_argument("--ignore_pof_2d", action="store_true",
                   help="2D-only data (COCO) do not supervise the POF, as the original's "
                        "ignore_PAF_2D = True (default: they supervise its image-plane direction)")
    g.add_argument("--seed", type=int, default=42, help="initialisation and sampling seed")
    add_bool_flag(g, "evaluate", True,
                  "evaluate on the validation split every --snapshot_freq steps and at the end")
    g = p.add_argument_group("the seed's COCO layout (ZheC's COCO.json, train2017/, mask2017/; zhec_coco.py)")
    for name, example in PORT_COCO_FLAGS:
        g.add_argument("--" + name, default="",
                       help="the seed's %s; the three go together and replace DATA/COCO_data/" % example)
    g.add_argument("--vgg_init", default="",
                   help="initialise conv1_1 .. conv4_2 from ImageNet VGG-19 weights when OUTPUT_PATH has no "
                        "checkpoint: TF-Slim's vgg_19 checkpoint prefix or a Keras VGG19 .h5 weight file "
                        "(default: Xavier; --ckpt_path then overrides the variables it holds)")
    group = add_checkpoint_args(p)
    for action in group._group_actions:
        if action.dest == "ckpt_path":
            action.help = ("fine-tune from this checkpoint (folder or prefix) of the original network or of "
                           "this code when OUTPUT_PATH has none: every matching variable (network, Adam "
                           "state) is restored and the step continues from the checkpoint's (finetune.py)")
    # The seed (the published ModelZoo port) trains in mixed precision on the 910.
    npu_device.add_device_args(p, seed_precision="allow_mix_precision")
    return p


def check_flags(args):
    for name, flag in (("batch_size", "batch_size"), ("snapshot_freq", "snapshot_freq"),
                       ("log_every", "show_loss_freq"), ("data_workers", "data_workers"),
                       ("h36m_pose_stride", "h36m_pose_stride")):
        if getattr(args, name) < 1:
            raise UsageError("--%s must be at least 1" % flag)
    if args.train_steps < 0 or args.epochs < 0 or args.eval_samples < 0 or args.r_iter < 0:
        raise UsageError("--train_steps, --epochs, --eval_samples and --r_iter must not be negative")
    if not 0 < args.pck_alpha <= 1:
        raise UsageError("--pck_alpha must be in (0, 1]")
    return network.NetworkConfig(args.input_size, args.num_stages, args.trunk_width, args.stage_width)


class TrainGraph(object):
    """The training tower on tf.data batches and an inference tower fed by a placeholder.

    `loss_fn` has the signature of loss.total_loss (src/benchmark.py times another formulation).
    """

    def __init__(self, args, config, batch, loss_fn=loss.total_loss):
        size = config.input_size
        images = tf.cast(batch["image"], tf.float32) / 255.0 - 0.5
        mask = tf.cast(batch["mask"], tf.float32) / 255.0
        heat_target = targets.keypoint_heatmaps(batch["uv"], batch["valid"], size)
        pof_target = targets.pof_maps(batch["uv"], batch["directions"], batch["valid"], size)
        heat_stages, pof_stages = network.inference(images, config)
        self.loss, self.loss_2d, self.loss_pof = loss_fn(
            heat_stages, pof_stages, heat_target, pof_target, mask, batch["valid"], batch["is_3d"],
            args.loss_weight_pof, supervise_2d=not args.ignore_pof_2d)
        self.global_step = tf.train.get_or_create_global_step()
        self.learning_rate = tf.where(self.global_step > args.r_iter, args.lr[1], args.lr[0])
        optimizer = npu_device.wrap_optimizer(tf.train.AdamOptimizer(self.learning_rate), args)
        grads_and_vars = optimizer.compute_gradients(self.loss, var_list=network.network_variables())
        self.train_op = optimizer.apply_gradients(grads_and_vars, global_step=self.global_step)
        with tf.control_dependencies([self.train_op]):
            new_step = self.global_step.read_value()
        # The last HISTORY losses (total, 2D, POF), kept in the graph and in checkpoints.
        self.history = tf.Variable(tf.zeros([HISTORY, 3]), trainable=False, name="loss_history")
        record = tf.scatter_update(self.history, tf.mod(new_step - 1, HISTORY),
                                   tf.stack([self.loss, self.loss_2d, self.loss_pof]))
        with tf.control_dependencies([record]):
            self.step_after = tf.identity(new_step)
        self.images = tf.placeholder(tf.uint8, [None, size, size, 3], name="images")
        self.outputs = network.prediction(self.images, config, reuse=True)
        self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=5)

    def recent_losses(self, sess, step):
        """(total, 2D, POF) means over the last min(step, HISTORY) steps, or None before any."""
        count = min(int(step), HISTORY)
        if count == 0:
            return None
        return [float(v) for v in sess.run(self.history)[:count].mean(axis=0)]


class Evaluator(object):
    """PCK of the heatmap peaks and the POF's angular error on validation people (metrics.py)."""

    def __init__(self, sources, config, limit=0, alpha=metrics.PCK_ALPHA):
        items = [(name, index) for name in sorted(sources) for index in range(len(sources[name]))]
        if limit and limit < len(items):
            items = [items[int(i)] for i in np.linspace(0, len(items) - 1, limit).round()]
        self.sources, self.items, self.config, self.alpha = sources, items, config, alpha

    def counts(self):
        return dict((name, sum(1 for n, _ in self.items if n == name)) for name in self.sources)

    def __call__(self, sess, graph):
        size = self.config.input_size
        pck = dict((name, metrics.PCK(self.alpha)) for name in self.sources)
        angles = []
        for start in range(0, len(self.items), EVAL_BATCH):
            chunk = self.items[start:start + EVAL_BATCH]
            samples = [self.sources[name].sample(index, size) for name, index in chunk]
            fetches = {"peaks": graph.outputs["peaks"]}
            if any(s["is_3d"] for s in samples):
                fetches["pof"] = graph.outputs["pof"]
            out = sess.run(fetches, {graph.images: np.stack([s["image"] for s in samples])})
            for j, ((name, _), s) in enumerate(zip(chunk, samples)):
                predicted = crops.from_crop(out["peaks"][j], s["center"], s["scale"], size)
                pck[name].add(predicted, s["uv_image"], s["valid"], s["reference"])
                if s["is_3d"]:
                    vectors = skeleton.limb_vectors(out["pof"][j], s["uv"])
                    angles.extend(metrics.angular_errors(vectors, s["directions"],
                                                         kp.limb_validity(s["valid"])))
        total = metrics.PCK(self.alpha)
        for value in pck.values():
            total.merge(value)
        result = {"pck": total.value(), "pof_angle_deg": float(np.mean(angles)) if angles else None,
                  "eval_people": self.counts()}
        for name, value in pck.items():
            result["pck_" + name] = value.value()
        return result


def describe_evaluation(step, evaluation, recent, alpha):
    parts = ["PCK@%g %.2f%%" % (alpha, evaluation["pck"])]
    for name in pipeline.SOURCES:
        if evaluation.get("pck_" + name) is not None:
            parts.append("%s %.2f%% (%d people)"
                         % (name, evaluation["pck_" + name], evaluation["eval_people"][name]))
    if evaluation["pof_angle_deg"] is not None:
        parts.append("POF angular error %.2f deg" % evaluation["pof_angle_deg"])
    if recent is not None:
        parts.append("last %d losses: total %.5f, 2D %.5f, POF %.5f" % ((HISTORY,) + tuple(recent)))
    return "Evaluation at step %d: %s" % (step, "; ".join(parts))


class Inputs(object):
    """What a run reads besides the official layouts, checked before anything is written:
    zhec (COCO.json, train2017/, mask2017/) and its entries, or None; checkpoint
    (finetune.Checkpoint) or None; vgg (vgg_init.load's layers) or None."""

    def __init__(self):
        self.zhec, self.zhec_entries, self.checkpoint, self.vgg = None, None, None, None


def check_inputs(args, config, snapshot_dirs=()):
    """The run's inputs (Inputs), each checked: the --data_path folder, the seed's COCO layout
    (--path_to_db/--image_root/--mask_root, else DATA/COCO_data/), --ckpt_path (else the released
    snapshot in one of snapshot_dirs or DATA/, for the port's entry) and --vgg_init. DataError in
    one line for any that is missing or wrong; runs before anything is written."""
    inputs = Inputs()
    given = [(name, getattr(args, name)) for name, _ in PORT_COCO_FLAGS if getattr(args, name)]
    for name, path in given:
        if not os.path.exists(path):
            raise DataError("%s: not found (--%s, the seed's COCO data in ZheC's layout)" % (path, name))
    if given and len(given) != len(PORT_COCO_FLAGS):
        raise DataError("%s: the seed's COCO layout needs --image_root, --mask_root and --path_to_db together"
                        % ", ".join("--%s %s" % item for item in given))
    if not args.data_path and given:
        args.data_path = os.path.dirname(os.path.abspath(args.path_to_db))
    if not os.path.isdir(args.data_path):
        raise DataError("%s: folder not found (--data_path)" % args.data_path)
    if given:
        inputs.zhec = (args.path_to_db, args.image_root, args.mask_root)
    else:
        inputs.zhec = zhec_coco.layout_paths(args.data_path)
        if inputs.zhec is None and os.path.isdir(os.path.join(args.data_path, zhec_coco.LAYOUT_DIR)):
            raise DataError("%s: not found; the seed's COCO layout (ZheC's) is COCO.json with train2017/ and "
                            "mask2017/ beside it" % os.path.join(args.data_path, zhec_coco.LAYOUT_DIR,
                                                                 zhec_coco.DB_NAME))
    if inputs.zhec is not None:
        with progress("reading the seed's COCO layout %s" % inputs.zhec[0]):
            inputs.zhec_entries = zhec_coco.read_layout(*inputs.zhec)[0]
        if not inputs.zhec_entries:
            raise DataError("%s: no person with at least 4 visible keypoints" % inputs.zhec[0])
    if not args.ckpt_path and snapshot_dirs:
        for folder in list(snapshot_dirs) + [args.data_path]:
            snapshot = os.path.join(folder, RELEASED_SNAPSHOT)
            if os.path.exists(snapshot):
                print("Fine-tuning from the released snapshot %s (--ckpt_path)" % snapshot)
                args.ckpt_path = snapshot
                break
    fresh = not args.load and not checkpoint_steps(args.output_path)
    if args.ckpt_path and fresh:
        inputs.checkpoint = finetune.Checkpoint(args.ckpt_path)
        with tf.Graph().as_default():
            shapes = network_shapes(config)
        inputs.checkpoint.check_network(shapes)
    if args.vgg_init:
        inputs.vgg = vgg_init.load(args.vgg_init, config)
    return inputs


def network_shapes(config):
    """{variable name: shape} of the network of `config` (built in the current graph)."""
    size = config.input_size
    network.inference(tf.placeholder(tf.float32, [1, size, size, 3]), config)
    return dict((v.op.name, v.get_shape().as_list()) for v in network.network_variables())


def check_output_config(output_path, config):
    """A run folder keeps one network size: a resumed run must ask for the same."""
    if os.path.isfile(os.path.join(output_path, network.CONFIG_FILE)):
        saved = network.NetworkConfig.load(output_path)
        if saved != config and checkpoint_steps(output_path):
            raise UsageError("%s holds checkpoints of %r, not %r; use another --output_path or the same "
                             "network flags" % (output_path, saved, config))


def load_data(args, inputs=None):
    """(training sources, validation sources) under --data_path (pipeline.load_sources); the
    seed's COCO layout (inputs.zhec) trains in place of coco/'s training split."""
    cache = os.path.join(args.output_path, "coco_db")
    zhec = inputs is not None and inputs.zhec is not None
    train_sources = {}
    if zhec:
        train_sources["coco"] = pipeline.CocoSource(
            zhec_coco.build_db(inputs.zhec[0], inputs.zhec[1], inputs.zhec[2], cache, inputs.zhec_entries))
    official = pipeline.load_sources(args.data_path, args.coco_train_split, h36m_frames.TRAIN_SUBJECTS,
                                     cache, args.h36m_pose_stride, args.coco_visible_only)
    for name, source in official.items():
        if name not in train_sources:
            train_sources[name] = source
    if not train_sources:
        raise DataError("%s: no training data: expected coco/annotations/person_keypoints_%s.json with "
                        "coco/%s/ (or coco/db/%s.json), and/or h36m/ with cameras.h5, "
                        "S<n>/MyPoses/3D_positions and images/ frames of subjects %s"
                        % (args.data_path, args.coco_train_split, args.coco_train_split,
                           args.coco_train_split,
                           ",".join(map(str, h36m_frames.TRAIN_SUBJECTS))))
    val_sources = {}
    if args.evaluate:
        val_sources = pipeline.load_sources(args.data_path, args.coco_val_split,
                                            h36m_frames.VALIDATION_SUBJECTS, cache, args.h36m_pose_stride,
                                            args.coco_visible_only)
        if not val_sources:
            raise DataError("%s: --evaluate needs validation data: coco/annotations/person_keypoints_%s.json "
                            "with coco/%s/ (the seed's COCO_data/ has no validation split) or Human3.6M "
                            "frames of subjects %s; or pass --no_evaluate"
                            % (args.data_path, args.coco_val_split, args.coco_val_split,
                               ",".join(map(str, h36m_frames.VALIDATION_SUBJECTS))))
    return train_sources, val_sources


def initialise(sess, graph, args, inputs):
    """Restores --load / the run's latest checkpoint (train_loop.restore), else initialises
    from --vgg_init and then --ckpt_path (finetune.py), whose step the run continues from."""
    if args.load or checkpoint_steps(args.output_path) or (inputs.checkpoint is None and inputs.vgg is None):
        return restore(sess, graph.saver, args, network.network_variables())
    lines = []
    if inputs.vgg is not None:
        lines.append(vgg_init.apply(sess, inputs.vgg))
    if inputs.checkpoint is not None:
        names = set(v.op.name for v in network.network_variables())
        lines.append(inputs.checkpoint.restore(sess, tf.global_variables(), names))
        graph.global_step.load(inputs.checkpoint.step, sess)
    return "\n".join(lines)


def train(args, config, inputs=None):
    inputs = inputs or Inputs()
    rank, ranks = npu_device.rank_id(), npu_device.rank_size()
    claim_output(args, RUN_FLAGS)
    check_output_config(args.output_path, config)
    with progress("preparing the training data"):
        train_sources, val_sources = load_data(args, inputs)
    steps = checkpoint_steps(args.output_path)
    start_step = args.load or (steps[-1] if steps else 0)
    if not start_step and inputs.checkpoint is not None:
        start_step = inputs.checkpoint.step
    stream = pipeline.TrainingStream(train_sources, args.mix, config.input_size, args.seed, rank, ranks,
                                     start=start_step * args.batch_size, workers=args.data_workers)
    epoch_steps = max(1, stream.samples_per_pass() // args.batch_size)
    total_steps = args.train_steps or args.epochs * epoch_steps
    print("Training people on rank %d of %d: %s (mix %s); %d steps of %d per epoch; stopping at step %d"
          % (rank, ranks, ", ".join("%s %d" % (n, len(s)) for n, s in sorted(stream.shards.items())),
             " ".join(stream.pattern), epoch_steps, args.batch_size, total_steps))
    evaluator = Evaluator(val_sources, config, args.eval_samples, args.pck_alpha)
    if args.evaluate:
        counts = sorted(evaluator.counts().items())
        print("Validation people: %s" % ", ".join("%s %d" % item for item in counts))
    config.save(args.output_path)

    tf.set_random_seed(args.seed)
    init_data, batch = pipeline.training_batches(stream, args.batch_size, config.input_size)
    graph = TrainGraph(args, config, batch)
    results = {"network": NETWORK, "device": npu_device.device_name(), "precision_mode": args.precision_mode,
               "rank_size": ranks, "batch_size": args.batch_size, "network_config": config.to_dict(),
               "mix": " ".join(stream.pattern),
               "train_people": dict((n, len(s)) for n, s in stream.shards.items()),
               "accuracy_metric": "2D PCK@%g (%%) on the validation split" % args.pck_alpha,
               "train_accuracy": None}

    def run_evaluation(sess, step, writer):
        evaluation = evaluator(sess, graph)
        recent = graph.recent_losses(sess, step)
        evaluation["recent_losses"] = recent
        print(describe_evaluation(step, evaluation, recent, args.pck_alpha))
        sys.stdout.flush()
        scalars = dict(("eval/" + k, v) for k, v in evaluation.items() if isinstance(v, float))
        if recent is not None:
            scalars.update({"train/loss_last10": recent[0], "train/loss_2d_last10": recent[1],
                            "train/loss_pof_last10": recent[2]})
        write_scalars(writer, step, scalars)
        return evaluation

    broadcast = npu_device.broadcast_global_variables_op()
    with tf.Session(npu_device.session_target(),
                    config=npu_device.session_config(args, args.output_path)) as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), init_data])
        print(initialise(sess, graph, args, inputs))
        sess.run(broadcast)
        try:
            code, evaluation, step = run_loop(args, sess, graph, total_steps, args.snapshot_freq,
                                              run_evaluation, results, args.batch_size * ranks,
                                              epoch_steps=epoch_steps)
        except tf.errors.OpError as error:
            if stream.error:  # a bad file met by the data threads: its one line
                raise DataError(stream.error)
            raise DataError("training stopped: %s" % str(error).strip().splitlines()[0])
        recent = graph.recent_losses(sess, step)
    if recent is not None:
        results.update(loss_mean_last10=recent[0], loss_2d_last10=recent[1], loss_pof_last10=recent[2])
    if evaluation is not None:
        results.update(train_accuracy=evaluation["pck"], evaluated_step=step,
                       **dict((k, v) for k, v in evaluation.items() if k not in ("pck", "recent_losses")))
    save_run_files(args, results, results if evaluation is not None else None)
    return code


def main(argv=None, defaults=None, snapshot_dirs=()):
    """Trains with the flags argv (default sys.argv); `defaults` replaces flag defaults and
    snapshot_dirs are searched for the released snapshot (the port's entry, training_e2e_PAF.py)."""
    parser = build_parser()
    parser.set_defaults(**(defaults or {}))
    args = parser.parse_args(argv)
    if not args.data_path and not any(getattr(args, name) for name, _ in PORT_COCO_FLAGS):
        parser.error("the following arguments are required: --data_path")

    def body():
        config = check_flags(args)
        inputs = check_inputs(args, config, snapshot_dirs)
        print("Monocular Total Capture body network %r on %s" % (config, npu_device.describe(args)))
        with tf.Graph().as_default():
            return train(args, config, inputs)

    return one_line_errors(body)


if __name__ == "__main__":
    sys.exit(main())
