import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./specSource";

/**
 * The az CLI recordings' interactions, as the digest in
 * test/fixtures/services/recordings/pec-interactions.txt writes them (its header explains the
 * format): one per `[n] METHOD path -> status` line, with its poll headers and the reduced
 * request and response bodies that follow it.
 */

export const INTERACTIONS_FILE = path.join(
  REPO_ROOT,
  "test",
  "fixtures",
  "services",
  "recordings",
  "pec-interactions.txt",
);

/** A body reduced to ps=, status=, desc= as the digest writes it; undefined members were None. */
export interface ReducedBody {
  provisioningState?: string;
  status?: string;
  description?: string;
}

export interface Interaction {
  recording: string;
  index: number;
  method: string;
  /** After /providers/ (or SUB/ or a whole URL), query included. */
  path: string;
  status: number;
  location?: string;
  asyncOperation?: string;
  request?: ReducedBody;
  /** The digest's rsp: text. */
  response: string;
}

const LINE = /^\[(\d+)\] (GET|PUT|DELETE|PATCH|POST) (\S+) -> (\d{3}) \S+ ?(.*)$/;
const LOCATION = /location=(.*?)(?= azure-asyncoperation=| retry-after=|$)/;
const ASYNC_OPERATION = /azure-asyncoperation=(.*?)(?= retry-after=|$)/;

function value(text: string | undefined): string | undefined {
  if (text === undefined || text === "None") return undefined;
  return text.startsWith("'") ? text.slice(1, -1) : text;
}

export function reduced(text: string): ReducedBody | undefined {
  const match = /^ps=(\S+) status=(\S+) desc=('[^']*'|None)/.exec(text);
  if (!match) return undefined;
  return {
    provisioningState: value(match[1]),
    status: value(match[2]),
    description: value(match[3]),
  };
}

export function readInteractions(file = INTERACTIONS_FILE): Interaction[] {
  const interactions: Interaction[] = [];
  let recording = "";
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("===== ")) {
      recording = line.slice(6).split(" ")[0];
      continue;
    }
    const match = LINE.exec(line);
    if (match) {
      const [, index, method, target, status, rest] = match;
      interactions.push({
        recording,
        index: Number(index),
        method,
        path: target,
        status: Number(status),
        location: LOCATION.exec(rest)?.[1],
        asyncOperation: ASYNC_OPERATION.exec(rest)?.[1],
        response: "",
      });
      continue;
    }
    const last = interactions.at(-1);
    const body = /^\s+(req|rsp): (.*)$/.exec(line);
    if (last && body) {
      if (body[1] === "req") last.request = reduced(body[2]);
      else last.response = body[2];
    }
  }
  return interactions;
}

/** A connection's path: Namespace/type/parent/{collection}/name?api-version=... */
export interface ConnectionTarget {
  resourceType: string;
  parentName: string;
  collection: string;
  connectionName: string;
  apiVersion: string;
}

export function connectionTarget(p: string): ConnectionTarget | undefined {
  const match =
    /^(Microsoft\.\w+)\/(\w+)\/([^/]+)\/(privateEndpointConnections)\/([^/?]+)\?api-version=([^&\s]+)$/i.exec(
      p,
    );
  if (!match) return undefined;
  const [, namespace, type, parentName, collection, connectionName, apiVersion] = match;
  return {
    resourceType: `${namespace}/${type}`,
    parentName,
    collection,
    connectionName,
    apiVersion,
  };
}

/** The last two path segments of a poll URL (e.g. operationResults/<id>), which name it. */
export function operationKey(url: string): string {
  return url.split("?")[0].split("/").slice(-2).join("/").toLowerCase();
}
