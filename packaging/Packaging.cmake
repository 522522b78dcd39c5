# Installs the desktop integration and configures CPack to build a .deb:
#   cmake --build build --target package
# The package holds stripped binaries; their debug symbols go to a separate -dbgsym package.
# The man page is written from the program's own help, the PNG icons from the SVG.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.syncline.Syncline.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.syncline.Syncline.metainfo.xml DESTINATION share/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/syncline.svg
        DESTINATION share/icons/hicolor/scalable/apps RENAME io.syncline.Syncline.svg)

# PNG icons for desktops that do not read SVG.
find_package(Qt6 6.4 REQUIRED COMPONENTS Svg)
add_executable(render_icon ${PROJECT_SOURCE_DIR}/packaging/render_icon.cpp)
target_link_libraries(render_icon PRIVATE Qt6::Gui Qt6::Svg)
set(_icon_outputs "")
foreach(_size 48 128 256)
  set(_png ${CMAKE_BINARY_DIR}/icons/${_size}/io.syncline.Syncline.png)
  add_custom_command(OUTPUT ${_png}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${_size}
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen $<TARGET_FILE:render_icon>
            ${PROJECT_SOURCE_DIR}/resources/icons/syncline.svg ${_size} ${_png}
    DEPENDS render_icon ${PROJECT_SOURCE_DIR}/resources/icons/syncline.svg
    COMMENT "Rendering the ${_size}px icon" VERBATIM)
  install(FILES ${_png} DESTINATION share/icons/hicolor/${_size}x${_size}/apps)
  list(APPEND _icon_outputs ${_png})
endforeach()

# syncline(1) from `syncline help` and each command's --help.
set(_man ${CMAKE_BINARY_DIR}/man/syncline.1)
add_custom_command(OUTPUT ${_man}.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND bash ${PROJECT_SOURCE_DIR}/packaging/manpage.sh $<TARGET_FILE:syncline> ${PROJECT_VERSION} ${_man}
  COMMAND gzip -9nf ${_man}
  DEPENDS syncline ${PROJECT_SOURCE_DIR}/packaging/manpage.sh
  COMMENT "Writing syncline(1) from the command-line help" VERBATIM)
add_custom_target(syncline_package_files ALL DEPENDS ${_icon_outputs} ${_man}.gz)
install(FILES ${_man}.gz DESTINATION share/man/man1)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "syncline")
set(CPACK_PACKAGE_VENDOR "Syncline")
set(CPACK_PACKAGE_CONTACT "Syncline developers <dev@syncline.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "GitOps control console: Git history, pending diffs and cluster sync state side by side")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# CPackDeb moves the debug sections to syncline-dbgsym (.ddeb) and strips the binaries itself
# (CPACK_STRIP_FILES would strip them first and leave nothing to move).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
include(CPack)
