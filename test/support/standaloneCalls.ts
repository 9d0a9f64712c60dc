import { DeclaredInDeployment } from "../../provider/declarations";

/**
 * For suites that call the hooks one by one, each call standing for a command of its own (a
 * check for a preview, a delete for a destroy): nothing is recorded as declared, so a delete
 * always acts. What a deployment declares is tested in test/unit/declarations.test.ts and
 * through the engine in test/e2e/enginePaths.test.ts.
 */
class NothingDeclared extends DeclaredInDeployment {
  override declareConnection(): void {}
  override declarePolicy(): void {}
}

export function standaloneCalls(): DeclaredInDeployment {
  return new NothingDeclared();
}
