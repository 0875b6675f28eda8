import { Controller, Get, Query } from '@nestjs/common';
import { DataRootsService, type Listing } from './data-roots.service';

@Controller('files')
export class FilesController {
  constructor(private readonly roots: DataRootsService) {}

  /** A folder inside a data root; without `path`, the data roots themselves. */
  @Get()
  list(@Query('path') path?: string): Listing {
    return this.roots.list(path);
  }
}
