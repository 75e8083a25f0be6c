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
"""Fingerprints of a device check: what code, data, runtime and device a report rests on.

Standard library only (it runs under the node's Python, 3.7 on Ascend images).

- code: `git rev-parse HEAD` (+ "+dirty" with uncommitted changes to tracked files) for the
  whole checkout, and per model a sha256 over the files that drive a run (every file git would
  commit in the model directory except tests/, *.md and modelzoo_level.txt), so that a helper
  editing another model's files does not change this model's fingerprint.
- data: sha256 of a folder = sha256 over its sorted (relative path, size, sha256 of the file's
  content) lines; every byte is hashed (the largest input here, 247 MB of Human3.6M exponential
  maps, takes about 1 s).
- runtime: Python, TensorFlow, NumPy versions of the interpreter the test scripts run
  (`python3` on PATH), npu_bridge's version when importable, the CANN toolkit version when an
  Ascend toolkit is installed, `uname -m`, CPU model.
- checksum: sha256 of the report's canonical JSON without its "checksum" key, written last, so
  that a truncated or hand-edited report is refused (see report_checksum).
"""
import hashlib
import json
import os
import platform
import subprocess

from gate import REPO_ROOT, _git_files

CHUNK = 1 << 20
# Files of a model directory that do not change what a training run computes.
CODE_EXCLUDED_DIRS = ("tests/",)
CODE_EXCLUDED_SUFFIXES = (".md",)
CODE_EXCLUDED_NAMES = ("modelzoo_level.txt",)
# Where an Ascend toolkit records its version (the first that exists is read).
CANN_VERSION_FILES = ("ascend-toolkit/latest/version.cfg", "ascend-toolkit/latest/compiler/version.info",
                      "ascend-toolkit/latest/fwkacllib/version.info", "ascend-toolkit/latest/x86_64-linux/"
                      "ascend_toolkit_install.info", "ascend-toolkit/latest/aarch64-linux/"
                      "ascend_toolkit_install.info")
RUNTIME_PROBE = (
    "import json, platform, sys\n"
    "out = {'python': platform.python_version()}\n"
    "try:\n"
    "    import numpy; out['numpy'] = numpy.__version__\n"
    "except Exception as e:\n"
    "    out['numpy'] = 'not importable (%s)' % type(e).__name__\n"
    "try:\n"
    "    import tensorflow as tf; out['tensorflow'] = tf.__version__\n"
    "except Exception as e:\n"
    "    out['tensorflow'] = 'not importable (%s)' % type(e).__name__\n"
    "try:\n"
    "    import npu_bridge\n"
    "    out['npu_bridge'] = getattr(npu_bridge, '__version__', 'importable, no __version__')\n"
    "    out['npu_bridge_path'] = getattr(npu_bridge, '__file__', None)\n"
    "except Exception:\n"
    "    out['npu_bridge'] = None\n"
    "print('RUNTIME ' + json.dumps(out))\n")


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_tree(path):
    """{"sha256", "files", "bytes"} of a file or folder (symlinks followed; see the module doc)."""
    path = os.path.realpath(path)
    if os.path.isfile(path):
        return {"sha256": sha256_file(path), "files": 1, "bytes": os.path.getsize(path)}
    lines, total = [], 0
    for root, dirs, files in os.walk(path, followlinks=True):
        dirs.sort()
        dirs[:] = [d for d in dirs if d not in ("__pycache__",)]
        for name in sorted(files):
            full = os.path.join(root, name)
            size = os.path.getsize(full)
            total += size
            lines.append("%s\t%d\t%s\n" % (os.path.relpath(full, path), size, sha256_file(full)))
    lines.sort()
    return {"sha256": hashlib.sha256("".join(lines).encode("utf-8")).hexdigest(), "files": len(lines),
            "bytes": total}


def code_files(model_dir):
    """Files of a model directory that drive its runs (relative paths, sorted)."""
    files = _git_files(model_dir)
    if files is None:
        raise RuntimeError("%s is not in a git work tree; the device check fingerprints the code by git" %
                           model_dir)
    return [f for f in files if not f.startswith(CODE_EXCLUDED_DIRS)
            and not f.endswith(CODE_EXCLUDED_SUFFIXES) and os.path.basename(f) not in CODE_EXCLUDED_NAMES]


def code_hash(model_dir):
    """sha256 over (path, sha256) of code_files(model_dir)."""
    lines = ["%s\t%s\n" % (f, sha256_file(os.path.join(model_dir, f))) for f in code_files(model_dir)]
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def git_commit():
    """HEAD of the checkout, "+dirty" when tracked files differ from it; None outside git."""
    try:
        head = subprocess.run(["git", "-C", REPO_ROOT, "rev-parse", "HEAD"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout.decode().strip()
        dirty = subprocess.run(["git", "-C", REPO_ROOT, "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty.strip() else "")


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cann_version():
    """The Ascend toolkit's version line, or None when no toolkit is installed."""
    roots = [os.environ.get("ASCEND_HOME_PATH"), os.environ.get("ASCEND_TOOLKIT_HOME"), "/usr/local/Ascend"]
    for root in [r for r in roots if r]:
        for name in CANN_VERSION_FILES:
            for candidate in (os.path.join(root, name), os.path.join(root, os.path.basename(name))):
                if os.path.isfile(candidate):
                    with open(candidate, encoding="utf-8", errors="replace") as f:
                        lines = [line.strip() for line in f if "version" in line.lower()]
                    return "%s (%s)" % ("; ".join(lines[:2]) or "no version line", candidate)
    return None


def runtime(env=None):
    """Versions of the interpreter the test scripts run (`python3` on PATH), as a dict."""
    try:
        proc = subprocess.run(["python3", "-c", RUNTIME_PROBE], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {"error": "python3 did not run (%s)" % e}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("RUNTIME "):
            out = json.loads(line[len("RUNTIME "):])
            break
    else:
        return {"error": "python3 printed no versions (exit %d)" % proc.returncode}
    out["python3"] = subprocess.run(["sh", "-c", "command -v python3"], stdout=subprocess.PIPE,
                                    env=env).stdout.decode().strip()
    out["cann"] = cann_version()
    out["machine"] = platform.machine()
    out["cpu"] = cpu_model()
    out["cpu_count"] = os.cpu_count()
    out["env"] = dict((k, os.environ[k]) for k in ("TF_ENABLE_ONEDNN_OPTS", "CUDA_VISIBLE_DEVICES",
                                                   "ASCEND_DEVICE_ID", "OMP_NUM_THREADS")
                      if k in os.environ)
    return out


def _canonical(report):
    body = dict((k, v) for k, v in report.items() if k != "checksum")
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def report_checksum(report):
    """sha256 of the report's canonical JSON without its "checksum" key."""
    return hashlib.sha256(_canonical(report).encode("utf-8")).hexdigest()
