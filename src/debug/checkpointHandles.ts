// The DAP handles of a stop: frame ids of the Call Stack's checkpoints and the variable
// references of their scopes, and how engine values become DAP variables. Handles name
// checkpoints of one stop: reset() starts afresh at the next.

import { Handles, Scope } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { CheckpointFrame, ScopeKind, VariableEntry } from "../protocol/engine";
import { SCOPES, storeScopeName } from "./dapShapes";
import { evaluateName } from "./evaluateNames";

/** What a variable reference expands: a path in one scope of a checkpoint (or an evaluation's result). */
export interface VariablesTarget {
  checkpointId: string;
  scope: ScopeKind;
  path: Array<string | number>;
  handle?: number;
}

export class CheckpointHandles {
  private readonly frames = new Handles<string>();
  /** The step and time of each checkpoint in the Call Stack, for its Store scope's name. */
  private readonly frameTimes = new Map<string, Pick<CheckpointFrame, "step" | "createdAt" | "storeOverlay">>();
  private readonly variableTargets = new Handles<VariablesTarget>();

  reset(): void {
    this.frames.reset();
    this.frameTimes.clear();
    this.variableTargets.reset();
  }

  frameId(frame: CheckpointFrame): number {
    this.frameTimes.set(frame.checkpointId, { step: frame.step, createdAt: frame.createdAt, storeOverlay: frame.storeOverlay });
    return this.frames.create(frame.checkpointId);
  }

  checkpointOf(frameId: number): string | undefined {
    return this.frames.get(frameId);
  }

  /** The scopes of a frame; with `storeKeepsHistory` its Store scope is named as of the frame. */
  scopes(checkpointId: string, storeKeepsHistory: boolean): Scope[] {
    return SCOPES.map(
      ({ kind, name, expensive }) =>
        new Scope(
          kind === "store" ? storeScopeName(storeKeepsHistory ? this.frameTimes.get(checkpointId) : undefined) : name,
          this.variableTargets.create({ checkpointId, scope: kind, path: [] }),
          expensive,
        ),
    );
  }

  target(variablesReference: number): VariablesTarget | undefined {
    return this.variableTargets.get(variablesReference);
  }

  /** The reference of an evaluation's expandable result (0: nothing to expand). */
  evaluationReference(checkpointId: string, handle: number | undefined): number {
    return handle !== undefined ? this.variableTargets.create({ checkpointId, scope: "evaluation", path: [], handle }) : 0;
  }

  toVariable(target: VariablesTarget, entry: VariableEntry): DebugProtocol.Variable {
    const path = [...target.path, entry.name];
    const reference = entry.expandable ? this.variableTargets.create({ ...target, path }) : 0;
    const variable: DebugProtocol.Variable = { name: entry.name, value: entry.value, type: entry.type, variablesReference: reference };
    if (entry.expandable && entry.size !== undefined && entry.type === "array") variable.indexedVariables = entry.size;
    if (target.scope === "state") variable.evaluateName = evaluateName(path);
    if (!entry.editable) variable.presentationHint = { attributes: ["readOnly"] };
    return variable;
  }
}
