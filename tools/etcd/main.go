// Command etcd is the etcd server for the real-kube-apiserver tests. Debian's etcd-server
// (3.4) is older than Kubernetes 1.34 supports, so the pinned server module is embedded here.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
