// Command terraform-provider-oneroster serves the OneRoster provider to
// Terraform and OpenTofu over the plugin protocol.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
)

// version is set by goreleaser through -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	provider.CollectLessOften(os.Getenv)
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else if err := provider.LogAtTheCLIsLevel(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err)
	}
	// The provider's own server (the framework's, with direct answers for
	// list data sources), served as providerserver.Serve would.
	newServer := provider.NewServer(version)
	err := tf6server.Serve("registry.terraform.io/edu-iac/oneroster", func() tfprotov6.ProviderServer {
		server, err := newServer()
		if err != nil {
			log.Fatal(err)
		}
		return server
	}, opts...)
	if err != nil {
		log.Fatal(err)
	}
}
