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
"""The linear model of Martinez et al. (ICCV 2017): 2D joints in, 3D joints out.

    input (B, 32) -> Linear(linear_size) -> BN -> ReLU -> dropout
                  -> num_layers x [2 x (Linear, BN, ReLU, dropout)] (+ residual)
                  -> Linear(output_size) -> (B, 48) or (B, 42) with --predict_14

Inputs and outputs are z-scored with training statistics (see h36m_data). The trunk
(linear_trunk.py) keeps the original's variable names, initialisation and max-norm
constraint, so its checkpoints and ours have the same structure.
"""
from linear_trunk import MODEL_SCOPE, TrunkConfig, linear, trunk
from npu_device import tf


class ModelConfig(TrunkConfig):
    """Hyper-parameters that define the network (saved beside each checkpoint as
    model_config.json); the baseline's are exactly the trunk's."""


def linear_model(inputs, config, training):
    """Builds the network on `inputs` (B, 32); returns (B, config.output_size).

    Call it twice with training=True and training=False to get a training tower and
    an inference tower that share their variables.
    """
    with tf.variable_scope(MODEL_SCOPE, reuse=tf.AUTO_REUSE):
        features = trunk(inputs, config, training)
        return linear(features, config.linear_size, config.output_size, config.max_norm, "4")
