; The Windows installer of pfdesk (NSIS 3, Unicode, Modern UI 2, Simplified Chinese).
;
; Per user, no administrator rights: installs into %LOCALAPPDATA%\Programs\pfdesk, adds a
; Start-menu shortcut, opens .pfdesk project files on a double-click (HKCU\Software\Classes)
; and registers an uninstaller under HKCU ...\Uninstall. The user's own data folder
; (%LOCALAPPDATA%\pfdesk: backups, settings, the demo) is never touched.
;
;   makensis /DVERSION=0.1.0 [/DSOURCE_DIR=..\..\dist\pfdesk] [/DOUTFILE=pfdesk-0.1.0-setup.exe]
;            installer\windows\pfdesk.nsi
;
; SOURCE_DIR is PyInstaller's one-folder build (installer\pfdesk.spec): pfdesk.exe (windowed),
; pfdesk-cli.exe (console) and _internal\. Relative paths are from this script's folder.
; Silent: pfdesk-<version>-setup.exe /S [/D=C:\path]; uninstall: uninstall.exe /S.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=x.y.z pfdesk.nsi"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\pfdesk"
!endif
!ifndef ICON_DIR
  !define ICON_DIR "..\..\resources\icons"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\pfdesk-${VERSION}-setup.exe"
!endif
!if ! /FileExists "${SOURCE_DIR}\pfdesk.exe"
  !error "${SOURCE_DIR}\pfdesk.exe not found: build the bundle first (python dev.py bundle)"
!endif
!if ! /FileExists "${SOURCE_DIR}\pfdesk-cli.exe"
  !error "${SOURCE_DIR}\pfdesk-cli.exe not found: build the bundle first (python dev.py bundle)"
!endif

!define APP "pfdesk"
!define APP_NAME "pfdesk 绩效评价工作台"
!define PUBLISHER "pfdesk"
!define PROGID "pfdesk.project"
!define EXT ".pfdesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define CLASSES "Software\Classes"
!define OPEN_COMMAND '"$INSTDIR\pfdesk.exe" "%1"'
; SHChangeNotify(SHCNE_ASSOCCHANGED, SHCNF_IDLIST, NULL, NULL): Explorer reloads the associations.
!define NOTIFY_ASSOC "shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON_DIR}\pfdesk.ico"
!define MUI_UNICON "${ICON_DIR}\pfdesk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\pfdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "pfdesk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An earlier version's libraries go first, so none of them outlives the upgrade.
  RMDir /r "$INSTDIR\_internal"
  File "${SOURCE_DIR}\pfdesk.exe"
  File "${SOURCE_DIR}\pfdesk-cli.exe"
  File /r "${SOURCE_DIR}\_internal"
  File "${ICON_DIR}\pfdesk-project.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\pfdesk.exe" "" "$INSTDIR\pfdesk.exe" 0

  ; .pfdesk → pfdesk.project → pfdesk.exe "%1"
  WriteRegStr HKCU "${CLASSES}\${EXT}" "" "${PROGID}"
  WriteRegStr HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "pfdesk 项目文件"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\pfdesk-project.ico"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '${OPEN_COMMAND}'
  WriteRegStr HKCU "${CLASSES}\Applications\pfdesk.exe\SupportedTypes" "${EXT}" ""
  System::Call "${NOTIFY_ASSOC}"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\pfdesk.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "-size"
  ; Installed size for 应用和功能, in KiB.
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  ; Only what the installer wrote: the folder may have been chosen by the user.
  Delete "$INSTDIR\pfdesk.exe"
  Delete "$INSTDIR\pfdesk-cli.exe"
  Delete "$INSTDIR\pfdesk-project.ico"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"

  ; The association goes only while it is still ours (another program may have taken .pfdesk).
  ReadRegStr $0 HKCU "${CLASSES}\${PROGID}\shell\open\command" ""
  StrCmp $0 '${OPEN_COMMAND}' 0 +2
    DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}\OpenWithProgids"
  ReadRegStr $0 HKCU "${CLASSES}\${EXT}" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegValue HKCU "${CLASSES}\${EXT}" ""
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}"
  DeleteRegKey HKCU "${CLASSES}\Applications\pfdesk.exe"
  System::Call "${NOTIFY_ASSOC}"

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
