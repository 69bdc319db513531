import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterEventsModule } from '@/cluster-events/cluster-events.module.js';
import { MenuItem } from './entities/menu-item.entity.js';
import { MenuOptionGroup } from './entities/menu-option-group.entity.js';
import { MenuOption } from './entities/menu-option.entity.js';
import { MenuController } from './menu.controller.js';
import { MenuOptionsController } from './menu-options.controller.js';
import { MenuRepository } from './menu.repository.js';
import { MenuService } from './menu.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([MenuItem, MenuOptionGroup, MenuOption]), ClusterEventsModule],
  controllers: [MenuController, MenuOptionsController],
  providers: [MenuRepository, MenuService],
  exports: [MenuService],
})
export class MenuModule {}
