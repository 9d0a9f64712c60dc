// The generated Go SDK under Pulumi's mocks (no engine, no language host): a connection declared
// with it registers the plugin's type token with the inputs the program set (no defaults) and the
// subscription from the environment. tools/gen-sdks.sh copies this
// file into the generated module (sdkcheck/) and runs `go test ./...` there.
package sdkcheck

import (
	"sync"
	"testing"

	"example.com/pulumi-azure-mhsm-pec/sdk/go/azuremhsmpec"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const subscription = "11111111-2222-3333-4444-555555555555"

type mocks struct {
	mu         sync.Mutex
	registered []pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.registered = append(m.registered, args)
	m.mu.Unlock()
	id := "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm/privateEndpointConnections/pe"
	outputs := args.Inputs.Copy()
	outputs["connectionId"] = resource.NewStringProperty(id)
	outputs["provisioningState"] = resource.NewStringProperty("Succeeded")
	return id, outputs, nil
}

func (m *mocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestDeclaresAConnection(t *testing.T) {
	t.Setenv("AZURE_SUBSCRIPTION_ID", subscription)
	m := &mocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		connection, err := azuremhsmpec.NewMhsmPrivateEndpointConnection(ctx, "c",
			&azuremhsmpec.MhsmPrivateEndpointConnectionArgs{
				ResourceGroupName:             pulumi.String("rg"),
				HsmName:                       pulumi.String("hsm"),
				PrivateEndpointConnectionName: pulumi.String("pe"),
				Timeouts:                      &azuremhsmpec.TimeoutsArgs{Delete: pulumi.Float64(60)},
			})
		if err != nil {
			return err
		}
		var wg sync.WaitGroup
		wg.Add(1)
		pulumi.All(connection.ProvisioningState, connection.ConnectionId).ApplyT(func(v []interface{}) error {
			defer wg.Done()
			if v[0] != "Succeeded" {
				t.Errorf("provisioningState = %v", v[0])
			}
			if id, _ := v[1].(string); len(id) == 0 {
				t.Errorf("connectionId = %v", v[1])
			}
			return nil
		})
		wg.Wait()
		return nil
	}, pulumi.WithMocks("project", "stack", m))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.registered) != 1 {
		t.Fatalf("registered %d resources, want 1", len(m.registered))
	}
	got := m.registered[0]
	if got.TypeToken != "azure-mhsm-pec:index:MhsmPrivateEndpointConnection" {
		t.Errorf("type token %q", got.TypeToken)
	}
	want := map[string]string{
		"subscriptionId":                subscription,
		"resourceGroupName":             "rg",
		"hsmName":                       "hsm",
		"privateEndpointConnectionName": "pe",
	}
	for key, value := range want {
		if p, ok := got.Inputs[resource.PropertyKey(key)]; !ok || !p.IsString() || p.StringValue() != value {
			t.Errorf("input %s = %v, want %q", key, p, value)
		}
	}
	// The program set no status, wait or onDelete: the SDK sends none (the schema has no
	// defaults; the plugin's check applies them and does not record them).
	for _, key := range []resource.PropertyKey{"status", "waitForConnectionSeconds", "onDelete"} {
		if p, ok := got.Inputs[key]; ok {
			t.Errorf("input %s = %v, sent though the program did not set it", key, p)
		}
	}
	timeouts := got.Inputs["timeouts"]
	if !timeouts.IsObject() || len(timeouts.ObjectValue()) != 1 || timeouts.ObjectValue()["delete"].NumberValue() != 60 {
		t.Errorf("input timeouts = %v", timeouts)
	}
}

func TestDeclaresAConnectionOfAnyService(t *testing.T) {
	storage := "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct"
	m := &mocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := azuremhsmpec.NewPrivateEndpointConnection(ctx, "s",
			&azuremhsmpec.PrivateEndpointConnectionArgs{
				ParentResourceId:              pulumi.String(storage),
				PrivateEndpointConnectionName: pulumi.String("pe"),
			})
		return err
	}, pulumi.WithMocks("project", "stack", m))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.registered) != 1 {
		t.Fatalf("registered %d resources, want 1", len(m.registered))
	}
	got := m.registered[0]
	if got.TypeToken != "azure-mhsm-pec:index:PrivateEndpointConnection" {
		t.Errorf("type token %q", got.TypeToken)
	}
	// The parent by its id alone: no subscription defaulted from the environment.
	if len(got.Inputs) != 2 || got.Inputs["parentResourceId"].StringValue() != storage {
		t.Errorf("inputs = %v", got.Inputs)
	}
}
