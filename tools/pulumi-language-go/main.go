// Command pulumi-language-go is a small Go language host for the Pulumi engine, built by
// tools/install-pulumi-language-go.sh next to the CLI of tools/install-pulumi-cli.sh: the
// upstream host is a Go module the module proxy does not serve (docs/testing.md says what this
// one implements and what not).
//
// Run builds the program with `go build` (runtime option `binary` names a prebuilt one instead)
// and runs it with the PULUMI_* variables github.com/pulumi/pulumi/sdk/v3's pulumi.Run reads.
// GetRequiredPlugins and GetRequiredPackages answer none: this host is for providers installed
// beforehand (`pulumi plugin install`). InstallDependencies runs `go mod download`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	var engineAddress string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a // flags (--logtostderr, -v=N, --tracing ...) are not used
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			fail(err)
		}
	}
	stop := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &goHost{engineAddress: engineAddress})
			return nil
		},
	})
	if err != nil {
		fail(err)
	}
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	fmt.Printf("%d\n", handle.Port) // the engine reads the port from stdout's first line
	if err := <-handle.Done; err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-go: %v\n", err)
	os.Exit(1)
}

type goHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *goHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *goHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *goHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *goHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	cmd := exec.CommandContext(server.Context(), "go", "mod", "download")
	cmd.Dir = req.GetInfo().GetProgramDirectory()
	output, err := cmd.CombinedOutput()
	_ = server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: output})
	return err
}

// program builds the program in dir (or finds the runtime option `binary`): the path to run.
func program(ctx context.Context, info *pulumirpc.ProgramInfo, dir string) (string, error) {
	if info.GetOptions() != nil {
		if binary, _ := info.GetOptions().AsMap()["binary"].(string); binary != "" {
			if !filepath.IsAbs(binary) {
				binary = filepath.Join(info.GetRootDirectory(), binary)
			}
			return binary, nil
		}
	}
	out, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return "", err
	}
	binary := filepath.Join(out, "program")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	cmd.Dir = dir
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build in %s failed: %v\n%s", dir, err, output)
	}
	return binary, nil
}

func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	binary, err := program(ctx, info, dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if !strings.HasPrefix(binary, info.GetRootDirectory()) {
		defer os.RemoveAll(filepath.Dir(binary))
	}
	env, err := programEnv(req, h.engineAddress)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, req.GetArgs()...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", binary, err)}, nil
	}
	return runResponse(ctx, cmd), nil
}

// programEnv is what pulumi.Run reads (sdk/v3/go/pulumi/run.go's Env* names).
func programEnv(req *pulumirpc.RunRequest, engineAddress string) ([]string, error) {
	config, err := json.Marshal(nonNil(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{
		"PULUMI_MONITOR=" + req.GetMonitorAddress(),
		"PULUMI_ENGINE=" + engineAddress,
		"PULUMI_PROJECT=" + req.GetProject(),
		"PULUMI_STACK=" + req.GetStack(),
		"PULUMI_ORGANIZATION=" + req.GetOrganization(),
		"PULUMI_ROOT_DIRECTORY=" + req.GetInfo().GetRootDirectory(),
		"PULUMI_DRY_RUN=" + strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL=" + strconv.Itoa(int(req.GetParallel())),
		"PULUMI_CONFIG=" + string(config),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeysJSON),
	}, nil
}

// runResponse waits for the program; when the engine ends the run, the program gets SIGINT
// and 5 seconds (it stays in this host's process group, so the engine's kill reaches it too).
func runResponse(ctx context.Context, cmd *exec.Cmd) *pulumirpc.RunResponse {
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var waitErr error
	select {
	case waitErr = <-waited:
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case waitErr = <-waited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			waitErr = <-waited
		}
	}
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
		return &pulumirpc.RunResponse{}
	case errors.As(waitErr, &exitErr) && exitErr.ExitCode() == constant.ExitStatusLoggedError:
		// pulumi.Run has reported the error to the engine already.
		return &pulumirpc.RunResponse{Bail: true}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Go program failed: %v", waitErr)}
	}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
