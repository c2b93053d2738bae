import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule> | undefined;

/**
 * The controllers of a module and of every module it imports, read from the module metadata without
 * building the app: what a service mounts, for its OpenAPI document. Async imports (a Promise) cannot
 * be read this way and are skipped.
 */
export function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<unknown>();
  const found = new Set<Type>();
  const visit = (module: ModuleRef): void => {
    if (!module || module instanceof Promise || seen.has(module)) return;
    seen.add(module);
    if ('forwardRef' in module) return visit(module.forwardRef() as ModuleRef);
    const type = 'module' in module ? module.module : module;
    const dynamic = 'module' in module ? module : undefined;
    const meta = (key: string) => (Reflect.getMetadata(key, type) ?? []) as unknown[];
    for (const controller of [...meta(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) found.add(controller as Type);
    for (const imported of [...meta(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) visit(imported as ModuleRef);
    // A dynamic module's class may also be imported plainly elsewhere: its static metadata counts once.
    if (dynamic) seen.add(type);
  };
  visit(root);
  return [...found];
}
