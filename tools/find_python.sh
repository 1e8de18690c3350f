#!/usr/bin/env bash
# Print a Python interpreter for the course: the first of 3.13, 3.12 and 3.11 (or only the
# versions named, e.g. `tools/find_python.sh 3.12`) found as `python3.X` on the PATH or
# among pyenv's builds, tried by running it (a pyenv shim may exist without the build).
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(3.13 3.12 3.11)
pyenv_root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
for version in "${versions[@]}"; do
  for candidate in "python$version" "$pyenv_root"/versions/"$version".*/bin/"python$version"; do
    if "$candidate" -c "import sys, venv; assert '%d.%d' % sys.version_info[:2] == '$version'" \
        2>/dev/null; then
      command -v "$candidate"
      exit 0
    fi
  done
done
echo "No Python ${versions[*]} found: install one (Debian/Ubuntu: apt-get install python3.X python3.X-venv)," \
  "or name it: make PYTHON=/path/to/python3.13" >&2
exit 1
