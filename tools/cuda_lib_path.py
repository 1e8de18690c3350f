"""Print the library folders of the installed nvidia-*-cu11 wheels, joined by ':'.

MXNet's GPU wheel (requirements-gpu.txt) finds CUDA and cuDNN only through the
loader's search path, so put these folders on it before Python starts:

    export LD_LIBRARY_PATH="$(python tools/cuda_lib_path.py)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"""
import importlib.util
import sys
from pathlib import Path


def lib_dirs():
    """The `nvidia/<library>/lib` folders of this Python's site-packages."""
    spec = importlib.util.find_spec('nvidia')
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(str(d) for root in spec.submodule_search_locations
                  for d in Path(root).glob('*/lib') if d.is_dir())


if __name__ == '__main__':
    dirs = lib_dirs()
    if not dirs:
        sys.exit('No nvidia-*-cu11 package is installed: pip install -r requirements-gpu.txt')
    print(':'.join(dirs))
