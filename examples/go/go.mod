module mhsm-pec-go-example

go 1.24

require (
	example.com/pulumi-azure-mhsm-pec/sdk/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The SDK's module folder from the release (tools/release-sdks.sh writes <out>/go) until the
// package has a public repository.
replace example.com/pulumi-azure-mhsm-pec/sdk/go => ../../dist/sdk/go
