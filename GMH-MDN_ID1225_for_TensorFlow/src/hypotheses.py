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
"""Scoring K pose hypotheses against the ground truth, and picking one without it.

All poses are in millimetres with the root joint included (metrics.with_root):
hypotheses (N, K, J, 3), mixing coefficients alpha (N, K), ground truth (N, J, 3).

  best-of-K       the hypothesis closest to the ground truth, per frame: the paper's
                  metric (an oracle; it needs the ground truth to choose)
  most probable   the hypothesis of the largest mixing coefficient
  mixture mean    sum_k alpha_k mu_k, the mean of the mixture

Under Protocol 2 each hypothesis is Procrustes-aligned first and the best-of-K choice
is made on the aligned errors, as the original's --procrustes evaluation did.
"""
import numpy as np

from metrics import ActionErrors, joint_errors, procrustes_align

SELECTORS = ("best_of_k", "most_probable", "mixture_mean")
SELECTOR_TITLES = {"best_of_k": "best of K", "most_probable": "most probable",
                   "mixture_mean": "mixture mean"}


def hypothesis_joint_errors(hypotheses, gt, aligned=False):
    """(N, K, J) per-joint error of every hypothesis, mm (Procrustes-aligned if asked)."""
    hypotheses = np.asarray(hypotheses, np.float64)
    n, k = hypotheses.shape[:2]
    gt_k = np.repeat(np.asarray(gt, np.float64)[:, None], k, axis=1)
    flat_h = hypotheses.reshape((n * k,) + hypotheses.shape[2:])
    flat_g = gt_k.reshape(flat_h.shape)
    if aligned:
        flat_h = procrustes_align(flat_h, flat_g)
    return joint_errors(flat_h, flat_g).reshape(n, k, -1)


def best_of_k(errors):
    """(N, K, J) errors -> (N,) index of the hypothesis with the smallest mean joint error."""
    return np.argmin(errors.mean(axis=2), axis=1)


def most_probable(alpha):
    """(N, K) mixing coefficients -> (N,) index of the most probable kernel."""
    return np.argmax(alpha, axis=1)


def mixture_mean(hypotheses, alpha):
    """(N, K, J, 3), (N, K) -> (N, J, 3): the mixture's mean pose sum_k alpha_k mu_k."""
    return np.einsum("nk,nkjc->njc", np.asarray(alpha, np.float64), np.asarray(hypotheses, np.float64))


def _pick(errors, index):
    return errors[np.arange(len(errors)), index]


class HypothesisErrors(object):
    """Per-action Protocol 1 / 2 errors of the three ways of answering with one pose."""

    def __init__(self):
        self.tables = dict((name, ActionErrors()) for name in SELECTORS)

    def add(self, action, hypotheses, alpha, gt):
        """hypotheses (N, K, J, 3), alpha (N, K), gt (N, J, 3); mm, root included."""
        p1 = hypothesis_joint_errors(hypotheses, gt)
        p2 = hypothesis_joint_errors(hypotheses, gt, aligned=True)
        self.tables["best_of_k"].add_errors(action, _pick(p1, best_of_k(p1)), _pick(p2, best_of_k(p2)))
        top = most_probable(alpha)
        self.tables["most_probable"].add_errors(action, _pick(p1, top), _pick(p2, top))
        self.tables["mixture_mean"].add(action, mixture_mean(hypotheses, alpha), gt)

    @property
    def actions(self):
        return self.tables["best_of_k"].actions

    def per_action(self, selector="best_of_k", protocol=1):
        return self.tables[selector].per_action(protocol)

    def average(self, selector="best_of_k", protocol=1):
        return self.tables[selector].average(protocol)

    def frames(self):
        return self.tables["best_of_k"].frames()

    def to_dict(self):
        """{selector: {"p1": {action: mm}, "p2": ..., "p1_average": mm, "p2_average": mm}}."""
        return dict((name, {"p1": t.per_action(1), "p2": t.per_action(2),
                            "p1_average": t.average(1), "p2_average": t.average(2)})
                    for name, t in self.tables.items())
