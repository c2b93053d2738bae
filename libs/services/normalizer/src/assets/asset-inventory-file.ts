import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AssetInventory, inventoryFormatOf, parseInventory } from '@quell/assets';

export interface InventoryFileLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * An inventory file kept current without a restart. The folder is watched rather than the file:
 * editors and config tools replace a file by renaming over it (and Kubernetes swaps a symlink),
 * which a watch on the old file would never see. A new version that does not parse is logged and
 * ignored, so the last good inventory stays in force.
 */
export class AssetInventoryFile {
  private inventory: AssetInventory;
  private loadedText: string;
  private watcher?: FSWatcher;
  private pending?: NodeJS.Timeout;

  /**
   * Reads and parses the file now. A file that cannot be read throws (a wrong path is a deployment
   * error); one that does not parse is refused with its reason and the service starts without an
   * inventory, as a rules file that does not parse leaves the others served: the fixed version is
   * picked up by the watch.
   */
  constructor(
    private readonly path: string,
    private readonly logger: InventoryFileLogger,
    private readonly debounceMs = 100,
  ) {
    this.loadedText = readFileSync(path, 'utf8');
    try {
      this.inventory = parseInventory(this.loadedText, inventoryFormatOf(path));
      logger.info({ path, entries: this.inventory.size }, 'asset inventory loaded');
    } catch (err) {
      this.inventory = new AssetInventory([]);
      logger.error({ path, err, file: basename(path) }, 'asset inventory invalid; starting without one until the file is fixed');
    }
  }

  get current(): AssetInventory {
    return this.inventory;
  }

  /** Starts reloading on change; events come in bursts, so a reload waits for a quiet moment. */
  watch(): void {
    this.watcher = watch(dirname(this.path), () => {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.reload(), this.debounceMs);
    });
    this.watcher.on('error', (err) => this.logger.error({ path: this.path, err }, 'asset inventory watch failed'));
  }

  /** Re-reads the file; returns true when a new inventory took effect. */
  reload(): boolean {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      this.logger.error({ path: this.path, err }, 'asset inventory unreadable; keeping the previous one');
      return false;
    }
    if (text === this.loadedText) return false;
    try {
      this.inventory = parseInventory(text, inventoryFormatOf(this.path));
    } catch (err) {
      this.logger.error({ path: this.path, err, file: basename(this.path) }, 'asset inventory invalid; keeping the previous one');
      return false;
    }
    this.loadedText = text;
    this.logger.info({ path: this.path, entries: this.inventory.size }, 'asset inventory reloaded');
    return true;
  }

  close(): void {
    clearTimeout(this.pending);
    this.watcher?.close();
  }
}
