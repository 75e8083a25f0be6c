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
"""--ckpt_path: fine-tuning from a checkpoint of the original network or of this code.

The original training code (MonocularTotalCapture POF/training_e2e_PAF.py) saves every
global variable with tf.train.Saver: the body network CPM/<layer>/{weights,biases} (the
names and shapes network.py builds, tests/data/original_body_variables.txt), Adam's slots
CPM/<layer>/<weights|biases>/Adam and /Adam_1, beta1_power, beta2_power and an int32
global_step. Its released snapshot (Final_qual_domeCOCO_chest_noPAF2D) is such a folder.

Every variable of this graph whose name is in the checkpoint with the same shape is
restored (values cast to the variable's type); the global step continues from the
checkpoint's global_step (else from the -N suffix of its file name), so --max_iter, --lr and
--r_iter keep the original's meaning of absolute steps. The variables the checkpoint lacks
keep their initialisation and the checkpoint's variables this graph lacks are skipped; both
are named. A checkpoint holding none of the network's variables, or one of them with
another shape, is another network: one error line.
"""
import glob
import os

import numpy as np

from dataio import DataError
from npu_device import tf

SHOWN = 6  # names listed in a line, then "... and N more"


def _listing(names):
    names = sorted(names)
    text = ", ".join(names[:SHOWN])
    return text + (" ... and %d more" % (len(names) - SHOWN) if len(names) > SHOWN else "")


def resolve(path):
    """The checkpoint prefix of --ckpt_path: a prefix, or a folder (its 'checkpoint' file's
    latest, else its newest *.index). DataError in one line when there is none."""
    if os.path.isdir(path):
        found = tf.train.latest_checkpoint(path)
        if found and os.path.isfile(found + ".index"):
            return found
        indexes = glob.glob(os.path.join(glob.escape(path), "*.index"))
        if not indexes:
            raise DataError("%s: no checkpoint in this folder (no 'checkpoint' file and no *.index; "
                            "--ckpt_path)" % path)
        return max(indexes, key=os.path.getmtime)[:-len(".index")]
    if os.path.isfile(path + ".index"):
        return path
    if path.endswith(".index") and os.path.isfile(path):
        return path[:-len(".index")]
    raise DataError("%s: neither a checkpoint folder nor a checkpoint prefix (no %s.index; --ckpt_path)"
                    % (path, path))


class Checkpoint(object):
    """A checkpoint's variables: name -> shape and dtype, and the step it was saved at."""

    def __init__(self, path):
        self.path = resolve(path)
        try:
            self.reader = tf.train.load_checkpoint(self.path)
            self.shapes = self.reader.get_variable_to_shape_map()
            self.dtypes = self.reader.get_variable_to_dtype_map()
        except (tf.errors.OpError, ValueError, IOError, OSError) as error:
            text = str(error).strip().splitlines()
            raise DataError("%s: cannot read the checkpoint (%s; --ckpt_path)"
                            % (self.path, text[0] if text else error.__class__.__name__))
        self.step = self._step()

    def _step(self):
        if "global_step" in self.shapes and not self.shapes["global_step"]:
            return int(self.reader.get_tensor("global_step"))
        suffix = self.path.rsplit("-", 1)[-1]
        return int(suffix) if suffix.isdigit() else 0

    def check_network(self, expected):
        """DataError unless the checkpoint holds this network: expected {name: shape} of the
        network's variables; one of them at least must be there, none with another shape."""
        wrong = [(n, s) for n, s in expected.items()
                 if n in self.shapes and list(self.shapes[n]) != list(s)]
        if wrong:
            name, shape = sorted(wrong)[0]
            raise DataError("%s: a checkpoint of another network: %s is %s there, %s here (%d variables "
                            "differ; the network flags --input_size/--num_stages/--trunk_width/--stage_width "
                            "must be the checkpoint's; --ckpt_path)"
                            % (self.path, name, list(self.shapes[name]), list(shape), len(wrong)))
        if not any(n in self.shapes for n in expected):
            raise DataError("%s: a checkpoint of another network: none of this network's %d variables "
                            "(e.g. %s) is in it (--ckpt_path)"
                            % (self.path, len(expected), sorted(expected)[0]))

    def restore(self, sess, variables, network_names):
        """Loads every variable of `variables` the checkpoint holds with its shape; returns a
        line saying what was restored, kept and skipped."""
        restored, kept = [], []
        for variable in variables:
            name = variable.op.name
            shape = variable.get_shape().as_list()
            if name in self.shapes and list(self.shapes[name]) == shape:
                value = np.asarray(self.reader.get_tensor(name))
                value = value.astype(variable.dtype.base_dtype.as_numpy_dtype)
                variable.load(value, sess)
                restored.append(name)
            else:
                kept.append(name)
        used = set(restored)
        skipped = [n for n in self.shapes if n not in used]
        network = sum(1 for n in restored if n in network_names)
        line = ("Fine-tuning from %s at step %d: restored %d variables (%d of the network's %d, %d optimizer "
                "and step)" % (self.path, self.step, len(restored), network, len(network_names),
                               len(restored) - network))
        if kept:
            line += "; not in the checkpoint, initialised: %s" % _listing(kept)
        if skipped:
            line += "; in the checkpoint, not in this network: %s" % _listing(skipped)
        return line
