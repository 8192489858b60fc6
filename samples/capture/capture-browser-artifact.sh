#!/usr/bin/env bash
# samples/real/chromium-artifact.har: capture-browser.sh's artifact scenario (artifacts with a
# subject and the referrers tag fallback), as its own script so capture-all.sh records it too.
#   samples/capture/capture-browser-artifact.sh [out.har]
exec "$(dirname "$0")/capture-browser.sh" --artifact "$@"
