// Command pulumi-language-python is a small Python language host for the Pulumi engine, built
// by tools/install-pulumi-language-python.sh next to the CLI of tools/install-pulumi-cli.sh: the
// upstream host is a Go module the module proxy does not serve (docs/testing.md says what this
// one implements and what not).
//
// Run executes the program with the project's interpreter (runtime option `virtualenv`, else
// python3 on PATH) through run.py, embedded here, which configures the `pulumi` package from
// the flags and PULUMI_CONFIG* variables. GetRequiredPackages answers none: this host is for
// providers installed beforehand (`pulumi plugin install`). InstallDependencies creates the
// virtualenv and pip-installs requirements.txt when the project has them.
package main

import (
	"context"
	_ "embed"
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

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

//go:embed run.py
var runScript []byte

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
			pulumirpc.RegisterLanguageRuntimeServer(srv, &pythonHost{engineAddress: engineAddress})
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
	fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
	os.Exit(1)
}

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *pythonHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *pythonHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// virtualenv is the runtime option `virtualenv`, relative to the program directory.
func virtualenv(info *pulumirpc.ProgramInfo) string {
	if info.GetOptions() == nil {
		return ""
	}
	venv, _ := info.GetOptions().AsMap()["virtualenv"].(string)
	if venv != "" && !filepath.IsAbs(venv) {
		venv = filepath.Join(info.GetRootDirectory(), venv)
	}
	return venv
}

func interpreter(info *pulumirpc.ProgramInfo) (string, error) {
	if venv := virtualenv(info); venv != "" {
		python := filepath.Join(venv, "bin", "python")
		if _, err := os.Stat(python); err != nil {
			return "", fmt.Errorf("the virtualenv %s has no bin/python: run `pulumi install` or create it", venv)
		}
		return python, nil
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return exec.LookPath(cmd)
	}
	return exec.LookPath("python3")
}

func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	info := req.GetInfo()
	venv := virtualenv(info)
	if venv == "" {
		return nil
	}
	out := func(name string, args ...string) error {
		cmd := exec.CommandContext(server.Context(), name, args...)
		cmd.Dir = info.GetRootDirectory()
		output, err := cmd.CombinedOutput()
		_ = server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: output})
		return err
	}
	if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err != nil {
		if err := out("python3", "-m", "venv", venv); err != nil {
			return fmt.Errorf("python3 -m venv %s: %w", venv, err)
		}
	}
	requirements := filepath.Join(info.GetRootDirectory(), "requirements.txt")
	if _, err := os.Stat(requirements); err != nil {
		return nil
	}
	return out(filepath.Join(venv, "bin", "python"), "-m", "pip", "install", "-r", requirements)
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = "."
	}
	python, err := interpreter(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	script, err := os.CreateTemp("", "pulumi-language-python-*.py")
	if err != nil {
		return nil, err
	}
	defer os.Remove(script.Name())
	if _, err := script.Write(runScript); err != nil {
		return nil, err
	}
	if err := script.Close(); err != nil {
		return nil, err
	}

	args := []string{"-u", script.Name(),
		"--monitor=" + req.GetMonitorAddress(), "--engine=" + h.engineAddress,
		"--project=" + req.GetProject(), "--stack=" + req.GetStack(), "--pwd=" + programDir,
		"--dry_run=" + strconv.FormatBool(req.GetDryRun()), "--parallel=" + strconv.Itoa(int(req.GetParallel())),
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization="+req.GetOrganization())
	}
	args = append(append(args, entryPoint), req.GetArgs()...)

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
	cmd := exec.Command(python, args...)
	cmd.Dir = programDir
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	// The program stays in this host's process group, so the engine's kill of the plugin's group
	// reaches it (the Node.js host says more).
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", python, err)}, nil
	}
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
		return &pulumirpc.RunResponse{}, nil
	case errors.As(waitErr, &exitErr) && exitErr.ExitCode() == 1:
		// run.py has reported the error to the engine already.
		return &pulumirpc.RunResponse{Bail: true}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Python program failed: %v", waitErr)}, nil
	}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
