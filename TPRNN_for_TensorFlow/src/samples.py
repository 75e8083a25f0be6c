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
"""--sample: forecasts of the SRNN test windows from a checkpoint, as samples.h5 and figures.

samples.h5 follows the reference code's names, per action and window i (0..7), all
un-normalised exponential maps (T, 99):
  expmap/observed/<action>_<i>   the observed frames
  expmap/gt/<action>_<i>         the true future
  expmap/preds/<action>_<i>      the prediction
  mean_<action>_error            (seq_length_out,) Euler-angle error over the 8 windows (rad)
  zero_velocity_<action>_error   the same for the zero-velocity baseline
Figures: OUTPUT/samples/<action>.png (window 0, skeletons by forward kinematics), and with
--gif an animation <action>.gif.
"""
import os

import h5py

import animation
import expmap_data
import protocol
from model import ModelConfig, inference_tower, model_variables
from npu_device import tf
from train_loop import UsageError, find_checkpoint

SAMPLES_FILE = "samples.h5"


def write_samples(args, task):
    """Restores --load N (or the latest checkpoint) from OUTPUT_PATH and writes the samples."""
    if args.dataset != "human":
        raise UsageError("--sample draws Human3.6M skeletons; use it with --dataset human")
    data = task.data
    config = ModelConfig.load(args.output_path)
    task.save(args.output_path)  # the checkpoint's statistics must be these data's
    stats = data.stats
    path = find_checkpoint(args.output_path, args.load)
    inputs, outputs = inference_tower(config, args.rnn_impl)
    figures = os.path.join(args.output_path, "samples")
    os.makedirs(figures, exist_ok=True)
    h5_path = os.path.join(args.output_path, SAMPLES_FILE)
    with tf.Session() as sess, h5py.File(h5_path, "w") as h5:
        tf.train.Saver(model_variables()).restore(sess, path)
        print("Restored %s" % path)
        for action in data.test_actions:
            observed, future = protocol.srnn_windows(data.test, args.test_subject, action,
                                                     config.seq_length_in, config.seq_length_out)
            predicted = expmap_data.unnormalize(sess.run(outputs, {inputs: observed}), stats)
            truth = expmap_data.unnormalize(future, stats)
            seen = expmap_data.unnormalize(observed, stats)
            zero = expmap_data.unnormalize(protocol.zero_velocity(observed, config.seq_length_out), stats)
            for i in range(len(observed)):
                h5["expmap/observed/%s_%d" % (action, i)] = seen[i]
                h5["expmap/gt/%s_%d" % (action, i)] = truth[i]
                h5["expmap/preds/%s_%d" % (action, i)] = predicted[i]
            error = protocol.euler_error(predicted, truth)
            h5["mean_%s_error" % action] = error
            h5["zero_velocity_%s_error" % action] = protocol.euler_error(zero, truth)
            title = "S%d %s, window 0 (mean error over 8 windows at %d ms: %.3f rad)" % (
                args.test_subject, action, 40 * config.seq_length_out, error[-1])
            png = os.path.join(figures, action + ".png")
            animation.save_forecast_png(png, seen[0], truth[0], predicted[0], title)
            written = [png]
            if args.gif:
                gif = os.path.join(figures, action + ".gif")
                animation.save_forecast_gif(gif, seen[0], truth[0], predicted[0], title)
                written.append(gif)
            print("%s: %s" % (action, ", ".join(written)))
    print("Wrote %s" % h5_path)
    return 0
