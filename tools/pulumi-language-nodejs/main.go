// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine.
//
// The upstream language host lives in its own Go module that the module proxy available to this
// project does not serve, so tools/install-pulumi-cli.sh builds this one instead, next to the
// Pulumi CLI and against the same github.com/pulumi/pulumi/sdk/v3 version.
//
// It implements what `pulumi preview/up/refresh/destroy` need from a language host:
//
//   - GetPluginInfo
//   - GetRequiredPackages: provider packages found in the program's node_modules
//     (package.json with "pulumi": {"resource": true})
//   - Run: runs the program with node through @pulumi/pulumi/cmd/run, resolved from the program
//     directory, exactly the way the npm SDK expects to be started (flags + PULUMI_CONFIG env).
//
// Everything else (pulumi new/install/about/convert/package, policy packs, Node.js plugins
// with a PulumiPlugin.yaml) answers Unimplemented. Dynamic providers do not go through the
// language host: the engine starts the pulumi-resource-pulumi-nodejs script shipped by
// @pulumi/pulumi.
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

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeUserError is the exit code @pulumi/pulumi/cmd/run uses after it has already reported
// an actionable error to the engine; the engine should then just stop ("bail").
const exitCodeUserError = 32

func main() {
	engineAddress, tracing, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(2)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if engineAddress != "" {
		// Exit when the engine goes away.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start health check: %v\n", err)
			os.Exit(1)
		}
	}

	host := &nodeHost{engineAddress: engineAddress, tracing: tracing}
	stop := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start server: %v\n", err)
		os.Exit(1)
	}
	go func() {
		<-ctx.Done()
		close(stop)
	}()

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

// parseArgs accepts what the engine passes to language plugins:
// [--logtostderr] [-v=N] [--tracing URL] [other flags] ENGINE_ADDRESS
func parseArgs(args []string) (engine, tracing string, err error) {
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--tracing" || a == "-tracing":
			if i+1 >= len(args) {
				return "", "", errors.New("--tracing needs a value")
			}
			i++
			tracing = args[i]
		case strings.HasPrefix(a, "--tracing=") || strings.HasPrefix(a, "-tracing="):
			tracing = a[strings.Index(a, "=")+1:]
		case strings.HasPrefix(a, "-"):
			// --logtostderr, --logflow, -v=N, and any flag we do not use.
		default:
			positional = append(positional, a)
		}
	}
	if len(positional) > 0 {
		engine = positional[len(positional)-1]
	}
	return engine, tracing, nil
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	tracing       string
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages lists the provider plugins that the npm packages installed for the program
// declare (top-level and scoped packages of each node_modules from the program directory up to
// the project root).
func (h *nodeHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = info.GetRootDirectory()
	}
	var pkgs []*pulumirpc.PackageDependency
	seen := map[string]bool{}
	for _, dir := range nodeModulesDirs(programDir, info.GetRootDirectory()) {
		for _, pkgDir := range packageDirs(dir) {
			dep := readPulumiPackage(pkgDir)
			if dep == nil {
				continue
			}
			key := dep.Name + "@" + dep.Version
			if seen[key] {
				continue
			}
			seen[key] = true
			pkgs = append(pkgs, dep)
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

// nodeModulesDirs returns the node_modules directories from programDir up to rootDir (or just
// programDir's if rootDir is not an ancestor).
func nodeModulesDirs(programDir, rootDir string) []string {
	if programDir == "" {
		return nil
	}
	var dirs []string
	dir := filepath.Clean(programDir)
	root := filepath.Clean(rootDir)
	for {
		nm := filepath.Join(dir, "node_modules")
		if st, err := os.Stat(nm); err == nil && st.IsDir() {
			dirs = append(dirs, nm)
		}
		if rootDir == "" || dir == root {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir || !strings.HasPrefix(dir, root+string(filepath.Separator)) {
			break
		}
		dir = parent
	}
	return dirs
}

func packageDirs(nodeModules string) []string {
	entries, err := os.ReadDir(nodeModules)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(nodeModules, name)
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(p)
			if err != nil {
				continue
			}
			for _, s := range scoped {
				out = append(out, filepath.Join(p, s.Name()))
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

func readPulumiPackage(pkgDir string) *pulumirpc.PackageDependency {
	data, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
	if err != nil {
		return nil
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Pulumi  *struct {
			Resource bool   `json:"resource"`
			Name     string `json:"name"`
			Version  string `json:"version"`
			Server   string `json:"server"`
		} `json:"pulumi"`
	}
	if json.Unmarshal(data, &pkg) != nil || pkg.Pulumi == nil || !pkg.Pulumi.Resource {
		return nil
	}
	name := pkg.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(pkg.Name, "@pulumi/")
	}
	ver := pkg.Pulumi.Version
	if ver == "" {
		ver = pkg.Version
	}
	return &pulumirpc.PackageDependency{
		Kind:    "resource",
		Name:    name,
		Version: ver,
		Server:  pkg.Pulumi.Server,
	}
}

type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts
	}
	m := info.GetOptions().AsMap()
	switch v := m["typescript"].(type) {
	case bool:
		opts.typescript = v
	case string:
		if b, err := strconv.ParseBool(v); err == nil {
			opts.typescript = b
		}
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = req.GetProgram() //nolint:staticcheck // fallback for old engines
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	opts := parseOptions(info)

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}

	runPath, err := resolveModule(ctx, nodeBin, programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"it looks like the Pulumi SDK has not been installed (could not resolve @pulumi/pulumi from %s); "+
				"have you run npm install? (%v)", programDir, err)}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	if req.GetMonitorAddress() != "" {
		args = append(args, "--monitor="+req.GetMonitorAddress())
	}
	if h.engineAddress != "" {
		args = append(args, "--engine="+h.engineAddress)
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization="+req.GetOrganization())
	}
	if req.GetProject() != "" {
		args = append(args, "--project="+req.GetProject())
	}
	if req.GetStack() != "" {
		args = append(args, "--stack="+req.GetStack())
	}
	if info.GetRootDirectory() != "" {
		args = append(args, "--root-directory="+info.GetRootDirectory())
	}
	args = append(args, "--pwd="+programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetQueryMode() { //nolint:staticcheck // still sent by the engine for `pulumi query`
		args = append(args, "--query-mode")
	}
	if req.GetParallel() > 0 {
		args = append(args, "--parallel="+strconv.Itoa(int(req.GetParallel())))
	}
	if h.tracing != "" {
		args = append(args, "--tracing="+h.tracing)
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
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

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript),
	)
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// The program stays in this host's process group: when the engine closes a plugin it kills
	// the plugin's group, and a program outside it would outlive the host holding the engine's
	// stdout pipe open, which the engine waits on forever.
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}

	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var waitErr error
	select {
	case waitErr = <-waited:
	case <-ctx.Done():
		// The engine cancelled the call: ask the program to stop, then make it.
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case waitErr = <-waited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			waitErr = <-waited
		}
	}

	if waitErr == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Exited() && ws.ExitStatus() == exitCodeUserError:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case ws.Exited():
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus()),
				}, nil
			case ws.Signaled():
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited due to signal: %v", ws.Signal()),
				}, nil
			}
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program failed: %v", waitErr)}, nil
}

// resolveModule asks node where `module` resolves from dir (the same lookup a program in dir does).
func resolveModule(ctx context.Context, nodeBin, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBin, "-e",
		"process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.Index(msg, "\n"); i >= 0 {
			msg = msg[:i]
		}
		return "", fmt.Errorf("%w: %s", err, msg)
	}
	p := strings.TrimSpace(string(out))
	if p == "" {
		return "", errors.New("empty result from require.resolve")
	}
	return p, nil
}
