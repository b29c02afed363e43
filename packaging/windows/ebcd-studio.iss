; Inno Setup 6 script: a per-user installer for EBCD Studio (no administrator rights, as
; NHS laptops are locked down). UNTESTED here (Linux); built by packaging/windows/build.ps1.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\packaging\dist\ebcd-studio"
#endif

[Setup]
AppId={{6E2B7C1A-4F0D-4C8B-9B5E-EBCD57D10001}
AppName=EBCD Studio
AppVersion={#AppVersion}
AppPublisher=EBCD Studio
DefaultDirName={localappdata}\Programs\EBCD Studio
DefaultGroupName=EBCD Studio
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputBaseFilename=ebcd-studio-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=ebcd.ico
UninstallDisplayIcon={app}\EBCD Studio.exe
LicenseFile={#SourceDir}\_internal\ebcd_app\resources\licences\THIRD-PARTY.txt

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\EBCD Studio"; Filename: "{app}\EBCD Studio.exe"
Name: "{userdesktop}\EBCD Studio"; Filename: "{app}\EBCD Studio.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "A desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\EBCD Studio.exe"; Description: "Open EBCD Studio"; Flags: nowait postinstall skipifsilent
; Projects live in folders the user chose and are never removed by the uninstaller.
