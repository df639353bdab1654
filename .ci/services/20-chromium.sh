# Sourced by .ci/run: Debian's Chromium and the browser test's npm package (playwright-core,
# which never downloads a browser) for scripts/test.d/50-browser.sh.
if ! [ -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
(cd tests/browser && npm ci --no-audit --no-fund)
export CHROMIUM=/usr/bin/chromium
