// The parent's side of the WebSocket clients process (realtime-client-process.ts): start it, ask, await answers.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ClientsResult, FromClients, ToClients } from './realtime-protocol.ts';

export interface ClientsProcess {
  pid: number;
  connect(message: Extract<ToClients, { type: 'connect' }>): Promise<Extract<FromClients, { type: 'connected' }>>;
  finish(message: Extract<ToClients, { type: 'finish' }>): Promise<ClientsResult>;
  stop(): Promise<void>;
}

export function startClientsProcess(): ClientsProcess {
  const child = fork(fileURLToPath(new URL('./realtime-client-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T extends FromClients['type']>(message: ToClients, answer: T, timeoutMs: number) =>
    new Promise<Extract<FromClients, { type: T }>>((resolve, reject) => {
      const cleanUp = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (reply: FromClients) => {
        cleanUp();
        if (reply.type === 'error') reject(new Error(`clients process: ${reply.message}`));
        else if (reply.type !== answer) reject(new Error(`clients process answered ${reply.type}, expected ${answer}`));
        else resolve(reply as Extract<FromClients, { type: T }>);
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanUp();
        reject(new Error(`clients process exited (${signal ?? `code ${code}`})`));
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`clients process: no ${answer} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });
  return {
    pid: child.pid!,
    connect: (message) => ask(message, 'connected', 180_000),
    finish: (message) => ask(message, 'result', message.maxWaitMs + 60_000),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
