/** The demo menu a new installation starts with (prices in minor units). */
export const DEMO_MENU: { name: string; category: string; priceCents: number; description: string }[] = [
  { category: 'Pizzas', name: 'Margherita Pizza', priceCents: 1450, description: 'San Marzano tomato, fior di latte, basil, olive oil' },
  { category: 'Pizzas', name: 'Pepperoni Pizza', priceCents: 1600, description: 'Tomato, mozzarella, cup-and-char pepperoni' },
  { category: 'Pizzas', name: 'Quattro Formaggi Pizza', priceCents: 1700, description: 'Mozzarella, gorgonzola, fontina, parmesan' },
  { category: 'Pizzas', name: 'Funghi Pizza', priceCents: 1550, description: 'Roasted mushrooms, mozzarella, thyme, garlic' },
  { category: 'Pizzas', name: 'Diavola Pizza', priceCents: 1650, description: 'Spicy salami, chili, tomato, mozzarella' },
  { category: 'Pasta', name: 'Spaghetti Carbonara', priceCents: 1550, description: 'Guanciale, egg yolk, pecorino, black pepper' },
  { category: 'Pasta', name: 'Penne Arrabbiata', priceCents: 1300, description: 'Tomato, garlic, chili, parsley' },
  { category: 'Pasta', name: 'Lasagna Bolognese', priceCents: 1750, description: 'Slow-cooked beef ragu, bechamel, parmesan' },
  { category: 'Salads', name: 'Caesar Salad', priceCents: 1100, description: 'Romaine, parmesan, croutons, anchovy dressing' },
  { category: 'Salads', name: 'Caprese Salad', priceCents: 1050, description: 'Tomato, mozzarella, basil, balsamic' },
  { category: 'Sides', name: 'Garlic Knots', priceCents: 600, description: 'Six knots with garlic butter and marinara' },
  { category: 'Sides', name: 'Chicken Wings', priceCents: 1200, description: 'Eight wings, Calabrian chili glaze' },
  { category: 'Desserts', name: 'Tiramisu', priceCents: 850, description: 'Espresso-soaked ladyfingers, mascarpone, cocoa' },
  { category: 'Desserts', name: 'Cannoli', priceCents: 700, description: 'Two cannoli with ricotta and pistachio' },
  { category: 'Drinks', name: 'San Pellegrino', priceCents: 350, description: 'Sparkling water, 500 ml' },
  { category: 'Drinks', name: 'Coca-Cola', priceCents: 300, description: 'Can, 355 ml' },
];
