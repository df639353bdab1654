# Sourced by .ci/run: Java for the Spark test, and a virtualenv under target/ with the test
# tools and the vigil wheel built from this checkout. Exports VIGIL_PYTHON_VENV, which
# scripts/test.d/40-pytest.sh runs pytest in. Takes ~4-8 min on a 2-core machine (pyspark is a
# ~300 MB download; the wheel build compiles the workspace in release, shared with test.sh).
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
export VIGIL_PYTHON_VENV="$PWD/target/python-venv"
if [ ! -x "$VIGIL_PYTHON_VENV/bin/python" ]; then
  python3 -m venv "$VIGIL_PYTHON_VENV"
fi
"$VIGIL_PYTHON_VENV/bin/pip" install -q --upgrade pip
"$VIGIL_PYTHON_VENV/bin/pip" install -q maturin pytest pandas pyarrow matplotlib duckdb pyspark
python_build_start=$(date +%s)
PATH="$VIGIL_PYTHON_VENV/bin:$PATH" "$VIGIL_PYTHON_VENV/bin/pip" install -q --no-build-isolation --force-reinstall --no-deps .
echo "python: vigil wheel built and installed in $(( $(date +%s) - python_build_start ))s"
