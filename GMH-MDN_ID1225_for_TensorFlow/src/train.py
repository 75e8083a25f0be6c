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
"""Train and evaluate GMH-MDN on Human3.6M; draw the K hypotheses of test frames.

    python src/train.py --data_path DATA --output_path OUT          # train (resumes OUT)
    python src/train.py --data_path DATA --output_path OUT --load N --epochs 0   # evaluate step N
    python src/train.py --data_path DATA --output_path OUT --sample # PNG figures

DATA is the h36m.zip layout (cameras.h5, S*/MyPoses/3D_positions, S*/<sh_dir>) or the
official release (metadata.xml + S*/MyPoseFeatures/D3_Positions, with --no_use_sh).
The defaults are the paper's configuration: Stacked-Hourglass 2D inputs, K = 5
kernels, the Dirichlet prior of concentration 2 (--prior_weight 1), the baseline trunk
(residual, batch norm, max-norm, dropout keep 0.5), camera frame, 200 epochs of batch
64, Adam 1e-3 decayed by 0.96 every 100k steps.
"""
import os
import sys

import numpy as np

import h36m_data
import npu_device
import seed_flags
from hypotheses import SELECTOR_TITLES, SELECTORS, HypothesisErrors, most_probable
from linear_trunk import model_variables
from metrics import with_root
from model import ModelConfig, mdn_loss, mdn_model
from npu_device import tf
from occlusion import check_miss_num, occlude_limbs, occlude_limbs_np
from trainer import (POSITIVE, STATS_FILE, TrainGraph, build_parser, find_checkpoint, predict, run_entry,
                     run_training, shard_for_rank, write_scalars)
from train_loop import claim_output, save_run_files

NETWORK = "GMH-MDN_ID1225_for_TensorFlow"
ACCURACY_METRIC = "best-of-K Protocol-%d MPJPE (mm), action average"  # 2 with --procrustes
EVAL_OCCLUSION_SEED = 2019  # the same occluded test inputs at every evaluation
# The flags that define a run's data and network: a resume must repeat them (train_loop.claim_output).
RUN_FLAGS = ("action", "use_sh", "sh_dir", "camera_frame", "predict_14", "linear_size", "num_layers",
             "residual", "batch_norm", "max_norm", "num_kernels")


def build_gmh_parser():
    p, model = build_parser(__doc__.split("\n")[0], use_sh_default=True)
    # The seed (the published ModelZoo port) trains in mixed precision on the 910.
    npu_device.declare_seed_precision(p, "allow_mix_precision")
    model.add_argument("--num_kernels", type=POSITIVE, default=5, help="Gaussian kernels K (hypotheses)")
    model.add_argument("--prior_weight", type=float, default=1.0,
                       help="weight of the Dirichlet prior on the mixing coefficients "
                            "(concentration - 1; the original's concentration 2 is 1; 0 disables it)")
    model.add_argument("--miss_num", type=int, default=0,
                       help="training augmentation: zero 1 or 2 random limb joints (knees, feet, "
                            "elbows, wrists) of every input pose; 0 trains on complete poses")
    model.add_argument("--eval_miss_num", type=int, default=0,
                       help="evaluate with 1 or 2 limb joints of every test pose zeroed (fixed "
                            "draw), to measure robustness to occlusion")
    return p


def inference_tower(config):
    """(inputs placeholder (N, 32), dict of mu/sigma/alpha/log_alpha): no dropout, BN frozen."""
    inputs = tf.placeholder(tf.float32, [None, config.input_size], "inputs")
    return inputs, mdn_model(inputs, config, training=False)


def kernel_poses(mu, stats):
    """Normalised means (N, out, K) -> (N, K, 96) full 32-joint poses, mm."""
    n, out, k = mu.shape
    flat = np.transpose(mu, (0, 2, 1)).reshape(n * k, out)
    return h36m_data.unnormalize(flat, stats.mean_3d, stats.std_3d, stats.dims_3d).reshape(n, k, -1)


def to_hypotheses(mu, stats, predict_14):
    """Normalised means (N, out, K) -> (N, K, 17, 3) mm hypotheses with the zero root
    (or (N, K, 14, 3) with --predict_14)."""
    n, _, k = mu.shape
    joints = kernel_poses(mu, stats).reshape(n * k, 32, 3)[:, h36m_data.joints_3d(predict_14)]
    joints = joints if predict_14 else with_root(joints)
    return joints.reshape((n, k) + joints.shape[1:])


def to_joints(y_norm, stats, predict_14):
    """Normalised targets (N, out) -> (N, 17, 3) mm (or (N, 14, 3))."""
    return to_hypotheses(y_norm[:, :, None], stats, predict_14)[:, 0]


def evaluate(sess, inputs, outputs, data, actions, config, eval_miss_num=0):
    """Best-of-K, most-probable and mixture-mean errors per action on every test frame."""
    errors = HypothesisErrors()
    rng = np.random.RandomState(EVAL_OCCLUSION_SEED)
    for action in actions:
        x, y = h36m_data.stack(data.test_2d, data.test_3d, action)
        if len(x) == 0:
            continue
        x = occlude_limbs_np(x, eval_miss_num, rng)[0]
        heads = predict(sess, inputs, outputs, x)
        errors.add(action, to_hypotheses(heads["mu"], data.stats, config.predict_14), heads["alpha"],
                   to_joints(y, data.stats, config.predict_14))
    return errors


def print_evaluation(errors, step, k, eval_miss_num):
    occluded = ", %d limb joint(s) zeroed per pose" % eval_miss_num if eval_miss_num else ""
    print("Evaluation at step %d on %d test frames (S9, S11), K = %d%s:"
          % (step, errors.frames(), k, occluded))
    header = "  %-14s" % "action" + "".join("%18s" % ("%s P%d" % (SELECTOR_TITLES[s], p))
                                             for s in SELECTORS for p in (1, 2))
    print(header)
    tables = [(s, p, errors.per_action(s, p)) for s in SELECTORS for p in (1, 2)]
    for action in errors.actions:
        print("  %-14s" % action + "".join("%18.2f" % t[action] for _, _, t in tables))
    print("  %-14s" % "Average" + "".join("%18.2f" % errors.average(s, p) for s, p, _ in tables))
    sys.stdout.flush()


def build_graph(args, config, n_train):
    """The training graph: occluded (--miss_num) in-graph batches, the MDN loss, and the
    inference tower."""
    def build_loss(x, y):
        return mdn_loss(y, mdn_model(x, config, training=True), args.prior_weight)[0]

    return TrainGraph(args, n_train, config.input_size, config.output_size, build_loss,
                      lambda: inference_tower(config),
                      augment_inputs=lambda x: occlude_limbs(x, args.miss_num))


def train(args, config, data, actions):
    x_all, y_all = h36m_data.stack(data.train_2d, data.train_3d)
    x_train, y_train = shard_for_rank(x_all, y_all, args.batch_size)
    tf.set_random_seed(args.seed)
    protocol = 2 if args.procrustes else 1  # the reported accuracy; both are printed

    graph = build_graph(args, config, len(x_train))
    print("Test frames: %d" % sum(len(v) for v in data.test_2d.values()))
    os.makedirs(args.output_path, exist_ok=True)
    data.stats.save(os.path.join(args.output_path, STATS_FILE))
    config.save(args.output_path)

    def run_evaluation(sess, step, writer):
        result = evaluate(sess, graph.inputs, graph.outputs, data, actions, config, args.eval_miss_num)
        print_evaluation(result, step, config.num_kernels, args.eval_miss_num)
        scalars = dict(("%s_p%d/average" % (s, p), result.average(s, p)) for s in SELECTORS for p in (1, 2))
        scalars.update(("best_of_k_p1/" + a, e) for a, e in result.per_action("best_of_k", 1).items())
        write_scalars(writer, step, scalars)
        return result

    results = {"network": NETWORK, "device": npu_device.device_name(),
               "precision_mode": args.precision_mode, "rank_size": npu_device.rank_size(),
               "batch_size": args.batch_size, "accuracy_metric": ACCURACY_METRIC % protocol,
               "num_kernels": config.num_kernels, "train_accuracy": None}
    code, errors, step = run_training(args, graph, x_train, y_train, run_evaluation, results)
    evaluation = None
    if errors is not None:
        print("Accuracy (%s): %.2f" % (ACCURACY_METRIC % protocol, errors.average("best_of_k", protocol)))
        results.update(train_accuracy=errors.average("best_of_k", protocol),
                       p2_average=errors.average("best_of_k", 2),
                       most_probable_p1=errors.average("most_probable", 1),
                       mixture_mean_p1=errors.average("mixture_mean", 1),
                       per_action_p1=errors.per_action("best_of_k", 1),
                       per_action_p2=errors.per_action("best_of_k", 2))
        evaluation = dict(step=step, num_kernels=config.num_kernels, eval_miss_num=args.eval_miss_num,
                          **errors.to_dict())
    save_run_files(args, results, evaluation)
    return code


def sample(args, config, data, actions):
    """One PNG per test sequence (subject, action, sub-action; first camera): 2D input,
    3D truth and the K hypotheses with their mixing coefficients."""
    import viz
    inputs, outputs = inference_tower(config)
    path = find_checkpoint(args.output_path, args.load)
    out_dir = os.path.join(args.output_path, "samples")
    os.makedirs(out_dir, exist_ok=True)
    stats = data.stats
    sequences = {}
    for key in sorted(data.test_2d):
        if key[1] in actions:
            sequences.setdefault(key[:3], key)  # the first camera of each sequence
    with tf.Session(config=npu_device.session_config(args, args.output_path)) as sess:
        tf.train.Saver(model_variables()).restore(sess, path)
        print("Sampling from %s" % path)
        for key in sequences.values():
            x, y = data.test_2d[key], data.test_3d[key]
            frames = np.linspace(0, len(x) - 1, args.sample_frames).astype(int)
            heads = predict(sess, inputs, outputs, x[frames])
            pose_2d = h36m_data.unnormalize(x[frames], stats.mean_2d, stats.std_2d, stats.dims_2d)
            gt = h36m_data.unnormalize(y[frames], stats.mean_3d, stats.std_3d, stats.dims_3d)
            hypotheses = kernel_poses(heads["mu"], stats)
            top = most_probable(heads["alpha"])
            rows = []
            for i, frame in enumerate(frames):
                panels = [("3D ground truth", gt[i])]
                for k in range(config.num_kernels):
                    top_mark = " (top)" if k == top[i] else ""
                    panels.append(("hypothesis %d, alpha %.2f%s" % (k + 1, heads["alpha"][i, k], top_mark),
                                   hypotheses[i, k]))
                rows.append((pose_2d[i], panels, "frame %d" % frame))
            name = "S%d_%s_%s.png" % (key[0], key[2].replace(" ", "_"), key[3])  # sub-action, camera
            viz.save_pose_figure(os.path.join(out_dir, name), rows,
                                 "S%d %s (%s), camera %s" % (key[0], key[1], key[2], key[3]))
            print("Wrote %s" % os.path.join(out_dir, name))
    return 0


def make_config(args):
    check_miss_num(args.miss_num)
    check_miss_num(args.eval_miss_num, "--eval_miss_num")
    if args.prior_weight < 0:
        raise ValueError("--prior_weight must be >= 0; got %s" % args.prior_weight)
    config = ModelConfig(args.num_kernels, linear_size=args.linear_size, num_layers=args.num_layers,
                         residual=args.residual, batch_norm=args.batch_norm, max_norm=args.max_norm,
                         dropout=args.dropout, predict_14=args.predict_14, camera_frame=args.camera_frame)
    if not args.sample:
        claim_output(args, RUN_FLAGS)
    return config


def main(argv=None, port_entry=False):
    """Runs the entry with argv (default sys.argv[1:]); port_entry: called by the port's
    src/predict_3dpose_mdm.py (its default folders apply, see seed_flags.py)."""
    argv = sys.argv[1:] if argv is None else argv
    seed_flags.hide_gpus(argv)
    parser = build_gmh_parser()
    seed_flags.add_port_flags(parser, seed_flags.GMH_PORT, port_entry)
    return run_entry(parser.parse_args(argv), NETWORK, make_config, train, sample)


if __name__ == "__main__":
    sys.exit(main())
