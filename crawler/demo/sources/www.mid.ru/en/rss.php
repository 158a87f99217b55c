<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>The Ministry of Foreign Affairs of the Russian Federation</title>
  <link>https://www.mid.ru/en/</link>
  <description>News – The Ministry of Foreign Affairs of the Russian Federation</description>
  <language>en</language>
  <atom:link href="https://www.mid.ru/en/rss.php" rel="self" type="application/rss+xml"/>
  <lastBuildDate>Fri, 20 Oct 2023 11:05:00 +0300</lastBuildDate>
  <item>
    <title>Foreign Ministry Spokeswoman Maria Zakharova’s answer to a media question about the Arctic Council</title>
    <link>https://www.mid.ru/en/foreign_policy/news/1911007/</link>
    <guid isPermaLink="true">https://www.mid.ru/en/foreign_policy/news/1911007/</guid>
    <description>Question: How do you assess the prospects for the Arctic Council?</description>
    <pubDate>Fri, 20 Oct 2023 11:05:00 +0300</pubDate>
  </item>
  <item>
    <title>Foreign Minister Sergey Lavrov’s statement and answers to media questions following talks with Foreign Minister of the DPRK Choe Son Hui, Pyongyang, October 19, 2023</title>
    <link>https://www.mid.ru/en/foreign_policy/news/1910842/</link>
    <guid isPermaLink="true">https://www.mid.ru/en/foreign_policy/news/1910842/</guid>
    <description>We are visiting the DPRK in accordance with the agreement reached at the Vostochny Cosmodrome.</description>
    <pubDate>Thu, 19 Oct 2023 15:41:00 +0300</pubDate>
  </item>
  <item>
    <title>Press release on Foreign Minister Sergey Lavrov’s talks with Foreign Minister of the DPRK Choe Son Hui</title>
    <link>https://www.mid.ru/en/foreign_policy/news/1910791/</link>
    <guid isPermaLink="true">https://www.mid.ru/en/foreign_policy/news/1910791/</guid>
    <description>On October 19, Foreign Minister Sergey Lavrov, who is in Pyongyang on an official visit, held talks with Foreign Minister of the Democratic People’s Republic of Korea Choe Son Hui.</description>
    <pubDate>Thu, 19 Oct 2023 12:30:00 +0300</pubDate>
  </item>
</channel>
</rss>
