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
"""The 3D skeleton from ideal POF equals the true skeleton (up to limb lengths)."""
import numpy as np
import pytest

import keypoints as kp
import make_sample_data
import skeleton
import targets
from npu_device import tf

SIZE = 368


def true_person(seed):
    """A generated body in camera coordinates (mm) and its projection into a 368 crop."""
    rng = np.random.RandomState(seed)
    body = make_sample_data.place(make_sample_data.random_pose(rng), rng.uniform(0, 360), (0.0, 0.0))
    camera = make_sample_data.pinhole((0.0, -4500.0, 1000.0), (0.0, 0.0, 900.0), 400.0, (SIZE, SIZE))
    world = make_sample_data.main_keypoints(body)
    xyz = (world - camera.T.ravel()).dot(camera.R.T)
    uv = camera.f.ravel() * xyz[:, :2] / xyz[:, 2:] + camera.c.ravel()
    return xyz, uv


def ideal_pof(xyz, uv):
    directions = kp.unit_limb_directions(xyz, np.ones(20, bool))
    with tf.Graph().as_default(), tf.Session() as sess:
        pof = sess.run(targets.pof_maps(tf.constant(uv[None], tf.float32),
                                        tf.constant(directions[None], tf.float32), tf.ones([1, 20], tf.bool),
                                        SIZE))
    return pof[0], directions


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ideal_pof_gives_back_the_true_skeleton(seed):
    xyz, uv = true_person(seed)
    assert ((uv > 0) & (uv < SIZE - 1)).all()
    pof, directions = ideal_pof(xyz, uv)
    vectors = skeleton.limb_vectors(pof, uv)
    read = skeleton.unit_directions(vectors)
    np.testing.assert_allclose(read, directions, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    true_lengths = np.linalg.norm(xyz[kp.LIMBS[:, 1]] - xyz[kp.LIMBS[:, 0]], axis=1)
    np.testing.assert_allclose(skeleton.chain(read, true_lengths), xyz - xyz[kp.NECK], atol=1e-3)
    # with the mean lengths: the same directions, the mean lengths
    joints, unit, responses = skeleton.skeleton_from_pof(pof, uv)
    for limb in kp.TREE_LIMBS:
        a, b = kp.LIMBS[limb]
        assert np.linalg.norm(joints[b] - joints[a]) == pytest.approx(kp.MEAN_LIMB_LENGTHS[limb], rel=1e-9)
        bone = (joints[b] - joints[a]) / kp.MEAN_LIMB_LENGTHS[limb]
        np.testing.assert_allclose(bone, directions[limb], atol=1e-6)
    np.testing.assert_allclose(responses, 1.0, atol=1e-6)


def test_no_response_puts_the_child_on_its_parent():
    directions = skeleton.unit_directions(np.full((23, 3), 0.05))  # norm 0.087 < 0.1
    assert not directions.any()
    assert not skeleton.chain(directions).any()
    directions = np.zeros((23, 3))
    directions[6] = [1, 0, 0]  # neck -> right shoulder only
    joints = skeleton.chain(directions)
    np.testing.assert_allclose(joints[kp.RSHOULDER], [kp.MEAN_LIMB_LENGTHS[6], 0, 0])
    np.testing.assert_allclose(joints[3], joints[kp.RSHOULDER])
