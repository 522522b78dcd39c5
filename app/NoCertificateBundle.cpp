// `syncline` makes no TLS connection (the commands that do run in syncline-connected), yet
// libgit2's initialisation parses the system's CA bundle for one: Debian builds it with
// mbedTLS, which reads /etc/ssl/certs/ca-certificates.crt (~150 certificates) in about
// 4 ms, a third of `syncline history --limit 1`. A definition in the executable comes
// first in the dynamic loader's lookup, so libgit2 calls this one and loads nothing. Were
// a TLS connection ever made here, it would trust no certificate authority: it would fail,
// never trust too much. Built into `syncline` only, never into a library.
struct mbedtls_x509_crt;

extern "C" int mbedtls_x509_crt_parse_file(mbedtls_x509_crt* /*chain*/, const char* /*path*/) {
    return 0; // nothing loaded, and no error for libgit2 to keep as its last one
}
