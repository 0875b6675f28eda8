import { Controller, Get, Inject } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from './server-config';

@Controller('config')
export class ConfigController {
  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  @Get()
  get(): { version: string; dataRoots: string[]; samplePath: string | null } {
    return { version: this.config.version, dataRoots: this.config.dataRoots, samplePath: this.config.samplePath ?? null };
  }
}
