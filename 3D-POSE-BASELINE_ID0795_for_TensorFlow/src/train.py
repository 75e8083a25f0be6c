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
"""Train and evaluate the 3D pose baseline on Human3.6M; draw samples from a checkpoint.

    python src/train.py --data_path DATA --output_path OUT          # train (resumes OUT)
    python src/train.py --data_path DATA --output_path OUT --load N --epochs 0   # evaluate step N
    python src/train.py --data_path DATA --output_path OUT --sample # PNG figures

DATA holds either the official release (metadata.xml + S*/MyPoseFeatures/D3_Positions)
or the h36m.zip layout (cameras.h5 + S*/MyPoses/3D_positions [+ S*/StackedHourglass]).
The defaults are the paper's configuration (residual, batch norm, max-norm, dropout
keep 0.5, camera frame, 200 epochs of batch 64, Adam 1e-3 decayed by 0.96 every
100k steps).
"""
import os
import sys

import numpy as np

import h36m_data
import npu_device
import seed_flags
from linear_trunk import model_variables
from metrics import ActionErrors, with_root
from model import ModelConfig, linear_model
from npu_device import tf
from trainer import (STATS_FILE, TrainGraph, build_parser, find_checkpoint, predict, run_entry,
                     run_training, shard_for_rank, write_scalars)
from train_loop import claim_output, save_run_files

NETWORK = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
ACCURACY_METRIC = "Protocol-%d MPJPE (mm), action average"  # 2 with --procrustes
# The flags that define a run's data and network: a resume must repeat them (train_loop.claim_output).
RUN_FLAGS = ("action", "use_sh", "sh_dir", "camera_frame", "predict_14", "linear_size", "num_layers",
             "residual", "batch_norm", "max_norm")


def inference_tower(config):
    """(inputs placeholder (N, 32), outputs (N, out)): the network without dropout, BN frozen."""
    inputs = tf.placeholder(tf.float32, [None, config.input_size], "inputs")
    return inputs, linear_model(inputs, config, training=False)


def to_joints(y_norm, stats, predict_14):
    """Normalised outputs -> (N, 17, 3) mm with the zero root (or (N, 14, 3) with --predict_14)."""
    full = h36m_data.unnormalize(y_norm, stats.mean_3d, stats.std_3d, stats.dims_3d)
    joints = full.reshape(-1, 32, 3)[:, h36m_data.joints_3d(predict_14)]
    return joints if predict_14 else with_root(joints)


def evaluate(sess, inputs, outputs, data, actions, predict_14):
    """Protocol 1 and 2 per action on every test frame (no frame dropped)."""
    errors = ActionErrors()
    for action in actions:
        x, y = h36m_data.stack(data.test_2d, data.test_3d, action)
        if len(x) == 0:
            continue
        errors.add(action, to_joints(predict(sess, inputs, outputs, x), data.stats, predict_14),
                   to_joints(y, data.stats, predict_14))
    return errors


def print_evaluation(errors, step):
    p1, p2 = errors.per_action(1), errors.per_action(2)
    print("Evaluation at step %d on %d test frames (S9, S11):" % (step, errors.frames()))
    print("  %-14s %9s %9s" % ("action", "P1 (mm)", "P2 (mm)"))
    for action in errors.actions:
        print("  %-14s %9.2f %9.2f" % (action, p1[action], p2[action]))
    print("  %-14s %9.2f %9.2f" % ("Average", errors.average(1), errors.average(2)))
    print("  per-joint P1 (mm): " + " ".join("%.1f" % e for e in errors.per_joint(1)))
    sys.stdout.flush()


def train(args, config, data, actions):
    x_all, y_all = h36m_data.stack(data.train_2d, data.train_3d)
    x_train, y_train = shard_for_rank(x_all, y_all, args.batch_size)
    tf.set_random_seed(args.seed)
    protocol = 2 if args.procrustes else 1  # the reported accuracy; both are printed

    def build_loss(x, y):
        return tf.reduce_mean(tf.square(linear_model(x, config, training=True) - y))

    graph = TrainGraph(args, len(x_train), config.input_size, config.output_size, build_loss,
                       lambda: inference_tower(config))
    print("Test frames: %d" % sum(len(v) for v in data.test_2d.values()))
    os.makedirs(args.output_path, exist_ok=True)
    data.stats.save(os.path.join(args.output_path, STATS_FILE))
    config.save(args.output_path)

    def run_evaluation(sess, step, writer):
        result = evaluate(sess, graph.inputs, graph.outputs, data, actions, config.predict_14)
        print_evaluation(result, step)
        write_scalars(writer, step, dict(
            [("mpjpe_p1/average", result.average(1)), ("mpjpe_p2/average", result.average(2))]
            + [("mpjpe_p1/" + a, e) for a, e in result.per_action(1).items()]))
        return result

    results = {"network": NETWORK, "device": npu_device.device_name(),
               "precision_mode": args.precision_mode, "rank_size": npu_device.rank_size(),
               "batch_size": args.batch_size, "accuracy_metric": ACCURACY_METRIC % protocol,
               "train_accuracy": None}
    code, errors, step = run_training(args, graph, x_train, y_train, run_evaluation, results)
    evaluation = None
    if errors is not None:
        print("Accuracy (%s): %.2f" % (ACCURACY_METRIC % protocol, errors.average(protocol)))
        results.update(train_accuracy=errors.average(protocol), p2_average=errors.average(2),
                       per_action_p1=errors.per_action(1), per_action_p2=errors.per_action(2))
        evaluation = {"step": step, "p1": errors.per_action(1), "p2": errors.per_action(2),
                      "p1_average": errors.average(1), "p2_average": errors.average(2)}
    save_run_files(args, results, evaluation)
    return code


def sample(args, config, data, actions):
    """Writes one PNG per test sequence of each action: 2D input, 3D truth, 3D prediction."""
    import viz
    inputs, outputs = inference_tower(config)
    path = find_checkpoint(args.output_path, args.load)
    out_dir = os.path.join(args.output_path, "samples")
    os.makedirs(out_dir, exist_ok=True)
    with tf.Session(config=npu_device.session_config(args, args.output_path)) as sess:
        tf.train.Saver(model_variables()).restore(sess, path)
        print("Sampling from %s" % path)
        stats = data.stats
        for action in actions:
            keys = sorted(k for k in data.test_2d if k[1] == action)
            if not keys:
                continue
            key = keys[0]
            x, y = data.test_2d[key], data.test_3d[key]
            frames = np.linspace(0, len(x) - 1, args.sample_frames).astype(int)
            pred = predict(sess, inputs, outputs, x[frames])
            pose_2d = h36m_data.unnormalize(x[frames], stats.mean_2d, stats.std_2d, stats.dims_2d)
            gt = h36m_data.unnormalize(y[frames], stats.mean_3d, stats.std_3d, stats.dims_3d)
            pr = h36m_data.unnormalize(pred, stats.mean_3d, stats.std_3d, stats.dims_3d)
            rows = [(pose_2d[i], [("3D ground truth", gt[i]), ("3D prediction", pr[i])],
                     "frame %d" % f) for i, f in enumerate(frames)]
            name = "S%d_%s_%s.png" % (key[0], key[2].replace(" ", "_"), key[3])
            viz.save_pose_figure(os.path.join(out_dir, name), rows,
                                 "S%d %s, camera %s" % (key[0], key[2], key[3]))
            print("Wrote %s" % os.path.join(out_dir, name))
    return 0


def make_config(args):
    config = ModelConfig(args.linear_size, args.num_layers, args.residual, args.batch_norm,
                         args.max_norm, args.dropout, args.predict_14, args.camera_frame)
    if not args.sample:
        claim_output(args, RUN_FLAGS)
    return config


def main(argv=None, port_entry=False):
    """Runs the entry with argv (default sys.argv[1:]); port_entry: called by the port's
    src/predict_3dpose.py (its default folders apply, see seed_flags.py)."""
    argv = sys.argv[1:] if argv is None else argv
    seed_flags.hide_gpus(argv)
    parser = build_parser(__doc__.split("\n")[0], use_sh_default=False)[0]
    # The seed (the published ModelZoo port) trains in mixed precision on the 910.
    npu_device.declare_seed_precision(parser, "allow_mix_precision")
    seed_flags.add_port_flags(parser, seed_flags.BASELINE_PORT, port_entry)
    args = parser.parse_args(argv)
    return run_entry(args, NETWORK, make_config, train, sample)


if __name__ == "__main__":
    sys.exit(main())
