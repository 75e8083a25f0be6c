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
"""--vgg_init: the VGG-19 front end (conv1_1 .. conv4_2) from ImageNet weights.

Two files are read (nothing is downloaded):

- a TensorFlow checkpoint of TF-Slim's vgg_19 (vgg_19.ckpt of the TF-Slim model zoo):
  vgg_19/conv<b>/conv<b>_<l>/weights (3, 3, in, out) and .../biases (out,); it expects RGB
  input in 0..255 minus the ImageNet mean (123.68, 116.78, 103.94);
- a Keras HDF5 weight file of keras.applications.VGG19 (e.g.
  vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5, or a .weights.h5 of Keras 3): layers
  block<b>_conv<l> with a kernel (3, 3, in, out) and a bias (out,); it expects BGR input in
  0..255 minus the mean (103.939, 116.779, 123.68) ("caffe" preprocessing).

This network reads RGB in [-0.5, 0.5] (x = rgb / 255 - 0.5), so conv1_1 absorbs the
difference: its kernel W becomes 255 W (input channels reversed for the BGR file) and its
bias b + sum over the kernel of W * (127.5 - mean). Away from the image border, where
'SAME' zero padding differs, conv1_1 then gives exactly what VGG-19 gives on its own input.
The other layers are copied. The network's widths must be VGG-19's (--trunk_width 64).
"""
import os

import numpy as np

from dataio import DataError

LAYERS = (("conv1_1", 1, 1), ("conv1_2", 1, 2), ("conv2_1", 2, 1), ("conv2_2", 2, 2),
          ("conv3_1", 3, 1), ("conv3_2", 3, 2), ("conv3_3", 3, 3), ("conv3_4", 3, 4),
          ("conv4_1", 4, 1), ("conv4_2", 4, 2))
RGB_MEAN = np.array([123.68, 116.78, 103.94])  # TF-Slim's vgg_19 (RGB)
BGR_MEAN = np.array([103.939, 116.779, 123.68])  # Keras's VGG19 "caffe" preprocessing (BGR)


def expected_shapes(config):
    """{layer: (kernel shape, bias shape)} of this network's VGG layers (network.features)."""
    shapes, channels = {}, 3
    for name, block, _ in LAYERS:
        out = config.trunk_width * 2 ** (block - 1)
        shapes[name] = ((3, 3, channels, out), (out,))
        channels = out
    return shapes


def _from_checkpoint(path):
    from npu_device import tf
    try:
        reader = tf.train.load_checkpoint(path)
    except (tf.errors.OpError, ValueError, IOError, OSError) as error:
        raise DataError("%s: cannot read it as a TensorFlow checkpoint (%s; --vgg_init)"
                        % (path, str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"))
    names = reader.get_variable_to_shape_map()
    layers = {}
    for name, block, layer in LAYERS:
        scope = "vgg_19/conv%d/conv%d_%d/" % (block, block, layer)
        if scope + "weights" not in names or scope + "biases" not in names:
            raise DataError("%s: has no %sweights and %sbiases: not TF-Slim's vgg_19 (--vgg_init)"
                            % (path, scope, scope))
        layers[name] = (reader.get_tensor(scope + "weights"), reader.get_tensor(scope + "biases"))
    return layers, "rgb"


def _from_hdf5(path):
    import h5py
    try:
        handle = h5py.File(path, "r")
    except (IOError, OSError) as error:
        raise DataError("%s: cannot read it as an HDF5 file (%s; --vgg_init)" % (path, error))
    with handle:
        groups = {}

        def visit(name, item):
            if isinstance(item, h5py.Group):
                groups.setdefault(name.rsplit("/", 1)[-1], item)

        handle.visititems(visit)
        layers = {}
        for name, block, layer in LAYERS:
            keras_name = "block%d_conv%d" % (block, layer)
            if keras_name not in groups:
                raise DataError("%s: has no layer %s: not a Keras VGG19 weight file (--vgg_init)"
                                % (path, keras_name))
            arrays = []
            groups[keras_name].visititems(
                lambda _, item: arrays.append(item[()]) if isinstance(item, h5py.Dataset) else None)
            kernels = [a for a in arrays if a.ndim == 4]
            biases = [a for a in arrays if a.ndim == 1]
            if len(kernels) != 1 or len(biases) != 1:
                raise DataError("%s: layer %s holds %d kernels and %d biases, expected one of each "
                                "(--vgg_init)"
                                % (path, keras_name, len(kernels), len(biases)))
            layers[name] = (kernels[0], biases[0])
    return layers, "bgr"


def load(path, config):
    """{layer: (kernel, bias)} float32 for this network's conv1_1 .. conv4_2 from `path`
    (module doc), conv1_1 folded for the network's input. DataError (one line) when the
    file is missing, unreadable, not VGG-19, or of other shapes than `config` needs."""
    if os.path.isfile(path) and path.endswith((".h5", ".hdf5", ".keras")):
        layers, order = _from_hdf5(path)
    elif os.path.isfile(path + ".index") or os.path.isfile(path) and path.endswith(".index"):
        layers, order = _from_checkpoint(path[:-len(".index")] if path.endswith(".index") else path)
    elif os.path.isfile(path):
        raise DataError("%s: expected a Keras .h5 weight file or a TensorFlow checkpoint prefix (--vgg_init)"
                        % path)
    else:
        raise DataError("%s: not found (--vgg_init: a Keras VGG19 .h5 file or a vgg_19 checkpoint prefix)"
                        % path)
    shapes = expected_shapes(config)
    for name, _, _ in LAYERS:
        kernel, bias = layers[name]
        if tuple(kernel.shape) != shapes[name][0] or tuple(bias.shape) != shapes[name][1]:
            raise DataError("%s: %s is %s + %s, this network needs %s + %s (VGG-19 widths need "
                            "--trunk_width 64; --vgg_init)"
                            % (path, name, list(kernel.shape), list(bias.shape),
                               list(shapes[name][0]), list(shapes[name][1])))
    out = dict((name, (np.asarray(k, np.float64), np.asarray(b, np.float64)))
               for name, (k, b) in layers.items())
    kernel, bias = out["conv1_1"]
    mean = RGB_MEAN
    if order == "bgr":
        kernel, mean = kernel[:, :, ::-1, :], BGR_MEAN[::-1]
    bias = bias + np.einsum("hwco,c->o", kernel, 127.5 - mean)
    out["conv1_1"] = (255.0 * kernel, bias)
    return dict((name, (k.astype(np.float32), b.astype(np.float32))) for name, (k, b) in out.items())


def apply(sess, layers, scope="CPM"):
    """Loads load()'s layers into the network's variables; returns the line to print."""
    from npu_device import tf
    by_name = dict((v.op.name, v) for v in tf.global_variables())
    for name, (kernel, bias) in layers.items():
        by_name["%s/%s/weights" % (scope, name)].load(kernel, sess)
        by_name["%s/%s/biases" % (scope, name)].load(bias, sess)
    return "Initialised VGG-19 layers %s .. %s from ImageNet weights" % (LAYERS[0][0], LAYERS[-1][0])
