import { strict as assert } from "node:assert";
import {
  MAX_CONNECTION_NAME_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  connectionNameRule,
  keyVaultNameRule,
  parentNameRuleOf,
  resourceGroupNameRule,
  subscriptionIdRule,
} from "../../provider/arm/nameRules";

describe("nameRules", () => {
  it("limits", () => {
    assert.equal(MAX_CONNECTION_NAME_LENGTH, 256);
    assert.equal(MAX_DESCRIPTION_LENGTH, 1024);
  });

  it("subscriptionIdRule: a GUID, either case", () => {
    assert.equal(subscriptionIdRule("00000000-0000-0000-0000-000000000000"), undefined);
    assert.equal(subscriptionIdRule("ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB"), undefined);
    for (const value of [
      "",
      "0",
      "00000000-0000-0000-0000-00000000000",
      "00000000_0000_0000_0000_000000000000",
    ]) {
      assert.match(subscriptionIdRule(value) ?? "", /must be a GUID/, value);
    }
  });

  it("resourceGroupNameRule: boundaries and each rule's words", () => {
    assert.equal(resourceGroupNameRule("a"), undefined);
    assert.equal(resourceGroupNameRule("a".repeat(90)), undefined);
    assert.equal(resourceGroupNameRule(`${"a".repeat(89)}.`), "must not end with a period");
    assert.equal(resourceGroupNameRule(""), "must be 1 to 90 characters long (got 0)");
    assert.equal(resourceGroupNameRule("a".repeat(91)), "must be 1 to 90 characters long (got 91)");
    assert.equal(
      resourceGroupNameRule("a b"),
      "may contain only letters, digits, underscores, hyphens, periods and parentheses",
    );
    assert.equal(resourceGroupNameRule("ÄÖÜ-äöü_(1).x"), undefined);
  });

  it("keyVaultNameRule: boundaries and each rule's words", () => {
    assert.equal(keyVaultNameRule("abc"), undefined);
    assert.equal(keyVaultNameRule(`a${"1".repeat(23)}`), undefined);
    assert.equal(keyVaultNameRule("ab"), "must be 3 to 24 characters long (got 2)");
    assert.equal(keyVaultNameRule("a".repeat(25)), "must be 3 to 24 characters long (got 25)");
    assert.equal(keyVaultNameRule("ab_"), "may contain only ASCII letters, digits and hyphens");
    assert.equal(keyVaultNameRule("1ab"), "must start with a letter");
    assert.equal(keyVaultNameRule("ab-"), "must end with a letter or a digit");
    assert.equal(keyVaultNameRule("a--b"), "must not contain consecutive hyphens");
  });

  it("connectionNameRule: boundaries and each rule's words", () => {
    assert.equal(connectionNameRule("a"), undefined);
    assert.equal(connectionNameRule("a".repeat(256)), undefined);
    assert.equal(connectionNameRule(""), "must be 1 to 256 characters long (got 0)");
    assert.equal(connectionNameRule("a".repeat(257)), "must be 1 to 256 characters long (got 257)");
    assert.equal(connectionNameRule("a\u0001"), "must not contain control characters");
    assert.equal(
      connectionNameRule("a/b?"),
      "must not contain '/' (the characters / \\ ? # % are not allowed)",
    );
    assert.equal(
      connectionNameRule("a?b/"),
      "must not contain '?' (the characters / \\ ? # % are not allowed)",
    );
    assert.equal(
      connectionNameRule("a b"),
      "may contain only printable ASCII characters without spaces",
    );
    assert.equal(connectionNameRule("."), "must not be '.' or '..'");
    assert.equal(connectionNameRule(".."), "must not be '.' or '..'");
    assert.equal(connectionNameRule(".a."), undefined);
  });
});

describe("parent name rules by resource type", () => {
  it("takes a service's rule from its spec where it gives one, ARM's otherwise", () => {
    const storage = parentNameRuleOf("Microsoft.Storage/storageAccounts");
    assert.equal(storage("contosodata"), undefined);
    assert.equal(storage("CONTOSODATA"), undefined, "ARM finds a name in any casing");
    assert.match(storage("contoso-data") ?? "", /only lowercase letters and digits/);
    assert.match(storage("ab") ?? "", /3 to 24 characters/);
    const cosmos = parentNameRuleOf("microsoft.documentdb/DATABASEACCOUNTS");
    assert.equal(cosmos("db-1"), undefined);
    assert.match(cosmos("db--1") ?? "", /single hyphens/);
    assert.match(
      parentNameRuleOf("Microsoft.ContainerRegistry/registries")("reg") ?? "",
      /5 to 50/,
    );
    assert.equal(parentNameRuleOf("Microsoft.KeyVault/vaults"), keyVaultNameRule);
    const other = parentNameRuleOf("Microsoft.Sql/servers");
    assert.equal(other("sql-1"), undefined);
    assert.match(other("a/b") ?? "", /does not allow in a resource name/);
  });
});
