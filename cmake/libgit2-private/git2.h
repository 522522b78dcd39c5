// Poison: this directory comes first on the include path of every target but syncline_git
// (cmake/Libgit2Private.cmake), so <git2.h> — and every <git2/...> header, copies of this
// file — fails to compile outside core/git.
#error "libgit2 is private to core/git (syncline_git): use the git:: API"
