<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Министерство иностранных дел Российской Федерации</title>
  <link>https://www.mid.ru/ru/</link>
  <description>Новости – Министерство иностранных дел Российской Федерации</description>
  <language>ru</language>
  <atom:link href="https://www.mid.ru/ru/rss.php" rel="self" type="application/rss+xml"/>
  <lastBuildDate>Thu, 19 Oct 2023 14:55:00 +0300</lastBuildDate>
  <item>
    <title>Заявление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова по итогам переговоров с Министром иностранных дел КНДР Цой Сон Хи, Пхеньян, 19 октября 2023 года</title>
    <link>https://www.mid.ru/ru/foreign_policy/news/1910837/</link>
    <guid isPermaLink="true">https://www.mid.ru/ru/foreign_policy/news/1910837/</guid>
    <description>Мы находимся в КНДР в соответствии с договорённостью, достигнутой на космодроме «Восточный».</description>
    <pubDate>Thu, 19 Oct 2023 14:55:00 +0300</pubDate>
  </item>
</channel>
</rss>
