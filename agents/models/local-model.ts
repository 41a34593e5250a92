import { Model, type BaseModelConfig } from '@strands-agents/sdk';

/** A model that runs in this process (no provider settings), named by its model id. */
export abstract class LocalModel extends Model<BaseModelConfig> {
  private config: BaseModelConfig;

  constructor(modelId: string) {
    super();
    this.config = { modelId };
  }

  updateConfig(config: BaseModelConfig): void {
    this.config = { ...this.config, ...config };
  }

  getConfig(): BaseModelConfig {
    return this.config;
  }
}
