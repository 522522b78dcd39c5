# Installs the desktop integration and configures CPack to build a .deb:
#   cmake --build build --target package
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.syncline.Syncline.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.syncline.Syncline.metainfo.xml DESTINATION share/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/syncline.svg
        DESTINATION share/icons/hicolor/scalable/apps RENAME io.syncline.Syncline.svg)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "syncline")
set(CPACK_PACKAGE_VENDOR "Syncline")
set(CPACK_PACKAGE_CONTACT "Syncline developers <dev@syncline.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "GitOps control console: Git history, pending diffs and cluster sync state side by side")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
