import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { CreateMenuItemDto, MenuItemDto, UpdateMenuItemDto } from './dto/menu-item.dto.js';
import { MenuService } from './menu.service.js';

@ApiTags('menu')
@Controller('api/menu')
export class MenuController {
  constructor(private readonly menu: MenuService) {}

  @Get()
  @ApiOperation({ summary: 'The menu, with prices in minor units; unavailable dishes are marked (or left out with available=true)' })
  @ApiQuery({ name: 'available', required: false, enum: ['true'], description: 'Only dishes that can be ordered now' })
  @ApiOkResponse({ type: MenuItemDto, isArray: true })
  list(@Query('available') available?: string): Promise<MenuItemDto[]> {
    return this.menu.list(available === 'true');
  }

  @Post()
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a dish (admin)' })
  create(@Body() dto: CreateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.create(dto);
  }

  @Patch(':id')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Edit a dish or mark it unavailable (admin)' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.update(id, dto);
  }
}
