// pulumi-sdkgen writes the Go or Python SDK of a Pulumi package schema with Pulumi's own code
// generators (github.com/pulumi/pulumi/pkg/v3/codegen/go and .../python, the functions the
// pulumi-language-go and pulumi-language-python hosts call for `pulumi package gen-sdk`).
// It exists because `pulumi package gen-sdk` needs those language hosts, and the Go module
// proxy this repository builds from does not serve them (tools/gen-sdks.sh, docs/plugin.md).
//
//	pulumi-sdkgen <schema.json> <go|python> <out dir>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: %s <schema.json> <go|python> <out dir>", tool))
	}
	schemaPath, language, out := os.Args[1], os.Args[2], os.Args[3]
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", schemaPath, err))
	}
	pkg, diags, err := schema.BindSpec(spec, noOtherPackages{}, schema.ValidationOptions{})
	if err != nil {
		fail(err)
	}
	if diags.HasErrors() {
		fail(diags)
	}
	var files map[string][]byte
	switch language {
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, nil, noOtherPackages{})
	default:
		err = fmt.Errorf("unsupported language %q (go or python)", language)
	}
	if err != nil {
		fail(err)
	}
	if err := os.RemoveAll(out); err != nil {
		fail(err)
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Fprintf(os.Stderr, "%s: wrote %d files of the %s SDK to %s\n", tool, len(files), language, out)
}

// noOtherPackages is the schema loader: it resolves references to other packages' schemas, and
// this package's schema has none (an unexpected reference fails generation, naming it).
type noOtherPackages struct{}

func (noOtherPackages) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; %s generates self-contained packages only", name, tool)
}

func (l noOtherPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l noOtherPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l noOtherPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l noOtherPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
	os.Exit(1)
}
