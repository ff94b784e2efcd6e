#!/bin/sh
# Install the Debian/Ubuntu packages procdocs needs, when they are missing.
#   runtime: Chinese fonts, Pango and HarfBuzz (with subsetting, so PDFs embed CJK fonts fast)
#   --test:  also LibreOffice (to check that DOCX files open) and poppler-utils (PDF to PNG)
set -eu

packages="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig"
# Debian's own Python needs python3-venv to create virtual environments.
if ! "${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1; then
    packages="$packages python3-venv"
fi
if [ "${1:-}" = "--test" ]; then
    packages="$packages libreoffice-writer-nogui poppler-utils"
fi

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "procdocs: 请手动安装以下系统软件包：$missing" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "procdocs: 安装系统软件包：$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
