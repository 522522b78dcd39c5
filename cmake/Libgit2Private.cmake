# libgit2 is private to core/git. Linking it PRIVATE is not enough: its headers sit in
# /usr/include, where any target finds them. So every target gets, first on its include
# path, a directory whose <git2.h> and <git2/...> headers are an #error
# (cmake/libgit2-private/git2.h); syncline_git alone takes it off (syncline_allow_libgit2).
set(SYNCLINE_LIBGIT2_POISON_DIR ${PROJECT_BINARY_DIR}/libgit2-private)
configure_file(${CMAKE_CURRENT_LIST_DIR}/libgit2-private/git2.h
  ${SYNCLINE_LIBGIT2_POISON_DIR}/git2.h COPYONLY)
# The same #error under each name libgit2 installs (git2/repository.h, git2/sys/...).
file(GLOB_RECURSE _syncline_libgit2_headers RELATIVE ${LIBGIT2_INCLUDEDIR}
  ${LIBGIT2_INCLUDEDIR}/git2/*.h)
foreach(_header IN LISTS _syncline_libgit2_headers)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/libgit2-private/git2.h
    ${SYNCLINE_LIBGIT2_POISON_DIR}/${_header} COPYONLY)
endforeach()
# Directory scope, so every target added below (core, models, ui, app, tests, bench) has it.
include_directories(BEFORE ${SYNCLINE_LIBGIT2_POISON_DIR})

# The one target that may include libgit2.
function(syncline_allow_libgit2 target)
  get_target_property(_dirs ${target} INCLUDE_DIRECTORIES)
  list(REMOVE_ITEM _dirs ${SYNCLINE_LIBGIT2_POISON_DIR})
  set_target_properties(${target} PROPERTIES INCLUDE_DIRECTORIES "${_dirs}")
endfunction()
