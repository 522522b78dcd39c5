# Warnings and Qt defines shared by every target (after KDE's compiler settings).
set(CMAKE_AUTOMOC OFF)
add_compile_options(-Wall -Wextra -Wno-missing-field-initializers)
if(SYNCLINE_WERROR)
  add_compile_options(-Werror)
endif()
add_compile_definitions(
  QT_NO_KEYWORDS
  QT_NO_CAST_FROM_ASCII
  QT_NO_FOREACH
  QT_USE_QSTRINGBUILDER
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_BEFORE=0x060400)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
