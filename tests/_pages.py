# ruff: noqa: E501  (the pages keep their lines as sites write them)
"""Web pages as bureaus and news sites publish them, for the HTML loader's tests and its bench.

Each page wraps an article (the report) in the furniture real sites put around it: navigation,
breadcrumbs, an information bar with a view counter, sidebars of other headlines (which state
figures of their own), share buttons, footers with ICP numbers, addresses and telephone numbers.
`ARTICLE` holds the article's own text, so a loader is right when the figures of the page are
exactly the figures of its article.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str  # file name
    encoding: str  # the bytes' real encoding
    html: str
    article: str  # the article's text, title included
    url: str | None = None  # the canonical / og:url the page declares

    def data(self) -> bytes:
        return self.html.encode(self.encoding)


# 1. A city bureau's site: GBK bytes declared gb2312 (喆 is in GBK, not in GB2312).

_XINING_ARTICLE = [
    "2023年西宁公安交出平安建设成绩单",
    "2023年，西宁市公安局坚持以人民为中心，全力推进平安西宁建设。全年共破获刑事案件3,215起，"
    "同比上升12.6%；抓获犯罪嫌疑人2108名。",
    "反电诈攻坚战中，全市公安机关破获电信网络诈骗案件1286起，止付冻结涉案资金4.3亿元。",
    "城西公安分局民警王喆介绍，全市排查化解矛盾纠纷1.2万起，化解率达98.6%。",
    "道路交通事故死亡人数同比下降15.3%。",
]

_XINING = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>2023年西宁公安交出平安建设成绩单_西宁市公安局</title>
<meta name="keywords" content="西宁公安,平安建设" />
<meta name="ArticleTitle" content="2023年西宁公安交出平安建设成绩单" />
<meta name="PubDate" content="2024-01-05 09:30" />
<meta name="ContentSource" content="西宁市公安局" />
<meta name="SiteName" content="西宁市公安局" />
<link rel="canonical" href="http://gaj.xining.gov.cn/jwdt/202401/t20240105_123.html" />
</head>
<body>
<div class="top">
  <div class="logo"><img src="/images/logo.png" alt="西宁市公安局" /></div>
  <div class="topright">今天是2024年1月5日 星期五 | <a href="/wza">无障碍</a> | <a href="/">简体</a></div>
</div>
<div class="nav">
  <ul>
    <li><a href="/">首页</a></li><li><a href="/jwgk/">警务公开</a></li>
    <li><a href="/jwdt/">警务动态</a></li><li><a href="/bsfw/">办事服务</a></li>
    <li><a href="/jmhd/">警民互动</a></li><li><a href="/zcfg/">政策法规</a></li>
    <li><a href="/ztzl/">专题专栏</a></li>
  </ul>
</div>
<div class="main">
 <div class="left">
  <div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/jwdt/">警务动态</a> &gt; 工作动态</div>
  <div class="article">
   <h1 class="title">{title}</h1>
   <div class="info">发布时间：2024-01-05 09:30　来源：西宁市公安局　浏览次数：3456　字号：[<a>大</a> <a>中</a> <a>小</a>]</div>
   <div class="content" id="zoom">
{paragraphs}
   </div>
   <div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
  </div>
 </div>
 <div class="right">
  <div class="box">
   <h3>热点新闻</h3>
   <ul>
    <li><a href="/a1.html">湟中区公安分局破获电诈案件120起 挽回损失560万元</a></li>
    <li><a href="/a2.html">城北公安分局开展防范宣传活动86场 覆盖群众3.5万人次</a></li>
    <li><a href="/a3.html">全市交警查处酒驾醉驾违法行为1,024起</a></li>
    <li><a href="/a4.html">大通县公安局化解矛盾纠纷460起 化解率达97.5%</a></li>
   </ul>
  </div>
  <div class="box">
   <h3>便民服务</h3>
   <ul><li>户籍办理</li><li>出入境</li><li>交通管理</li><li>报警求助：110</li></ul>
  </div>
 </div>
</div>
<div class="footer">
 <p>主办单位：西宁市公安局　地址：西宁市城西区五四西路12号　邮编：810008</p>
 <p>联系电话：0971-8251234　传真：0971-8251235</p>
 <p>版权所有 &copy; 2024 西宁市公安局　<a href="https://beian.miit.gov.cn">青ICP备05000123号-1</a>　青公网安备 63010402000123号　网站标识码：6301000012</p>
 <p>您是本站第 1234567 位访问者</p>
</div>
</body>
</html>
"""


# 2. A news site: UTF-8, related headlines and rankings beside the story, share buttons.

_SHENZHEN_ARTICLE = [
    "春节假期深圳警方守护平安 全市刑事警情同比下降21.4%",
    "记者从深圳市公安局获悉，春节假期，全市公安机关每天投入警力1.6万人次，"
    "全市刑事警情同比下降21.4%，治安警情同比下降8.7%。",
    "假期期间，全市共接报警情3.2万起，救助群众2300余人，未发生重大刑事案件和重大安全事故。",
    "交警部门共查处各类交通违法行为4.5万宗，其中酒驾醉驾违法行为312宗。",
]

_SHENZHEN = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}-深圳新闻网</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="https://www.sznews.com/news/content/2024-02/18/content_30712345.htm">
<meta property="og:site_name" content="深圳新闻网">
<meta name="publishdate" content="2024-02-18">
<meta name="author" content="深圳新闻网">
</head>
<body>
<header>
 <div class="top-bar"><a href="/login">登录</a> <a href="/reg">注册</a> <span>客户端下载</span></div>
 <nav><a href="/">首页</a> <a href="/news">新闻</a> <a href="/politics">时政</a> <a href="/society">社会</a>
 <a href="/finance">财经</a> <a href="/video">视频</a> <a href="/photo">图片</a></nav>
</header>
<main>
 <article>
  <h1>{title}</h1>
  <div class="meta"><span class="date">2024-02-18 10:25</span> <span class="source">来源：深圳新闻网</span>
   <span class="author">记者 李明 通讯员 张强</span> <span class="views">阅读量：12,580</span></div>
  <div class="article-content">
{paragraphs}
  </div>
  <div class="editor">（责任编辑：陈小红）</div>
  <div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a> <span>点赞 256</span></div>
 </article>
 <section class="related">
  <h2>相关新闻</h2>
  <ul>
   <li><a href="/n1.htm">深圳交警春运期间查处违法停车8.6万宗</a></li>
   <li><a href="/n2.htm">龙岗警方一周破获盗窃案件45起</a></li>
   <li><a href="/n3.htm">全市反诈中心拦截诈骗电话13万个</a></li>
  </ul>
 </section>
 <section class="comments"><h2>网友评论</h2><p>已有 37 人参与，共 52 条评论</p></section>
</main>
<aside>
 <h2>24小时排行</h2>
 <ol>
  <li><a href="/r1.htm">深圳地铁春节客流超过1,200万人次</a></li>
  <li><a href="/r2.htm">全市景区接待游客同比增长35.2%</a></li>
  <li><a href="/r3.htm">南山区新增停车位2000个</a></li>
 </ol>
</aside>
<footer>
 <p>深圳新闻网版权所有 Copyright © 2002-2024 sznews.com All Rights Reserved</p>
 <p>粤ICP备10000123号　互联网新闻信息服务许可证：44120180001　违法和不良信息举报电话：0755-83501234</p>
</footer>
</body>
</html>
"""


# 3. A district bureau's government portal: an old table layout, declared gb18030, UTF-8 free.

_XIHU_ARTICLE = [
    "西湖区分局2024年春节假期平安工作综述",
    "春节假期，杭州市公安局西湖区分局累计出动警力5600余人次，开展巡逻防控行动320次。",
    "全区共受理各类警情2,841起，同比下降6.5%；调解矛盾纠纷418起，调解成功率达99.2%。",
    "辖区景区共接待游客126万人次，未发生踩踏等安全事故。",
]

_XIHU = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb18030">
<title>{title}</title>
<meta name="description" content="{title}">
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" align="center" cellpadding="0" cellspacing="0">
 <tr><td colspan="2"><img src="/images/banner.jpg" alt="杭州市公安局西湖区分局"></td></tr>
 <tr><td colspan="2" class="nav">
  <a href="/">网站首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/jwdt/">警务动态</a> |
  <a href="/bszn/">办事指南</a> | <a href="/hdjl/">互动交流</a>
 </td></tr>
 <tr>
  <td width="240" valign="top" class="leftbar">
   <table width="100%"><tr><td class="lefttitle">通知公告</td></tr>
    <tr><td><a href="/t1.html">关于2024年第1批户籍业务调整的通知</a></td></tr>
    <tr><td><a href="/t2.html">西湖区分局公开招聘警务辅助人员35名公告</a></td></tr>
    <tr><td><a href="/t3.html">辖区12个派出所办公时间调整</a></td></tr>
   </table>
   <table width="100%"><tr><td class="lefttitle">友情链接</td></tr>
    <tr><td>杭州市公安局</td></tr><tr><td>浙江省公安厅</td></tr></table>
  </td>
  <td valign="top">
   <table width="100%">
    <tr><td class="weizhi">您现在的位置：首页 &gt;&gt; 警务动态</td></tr>
    <tr><td align="center"><h2>{title}</h2></td></tr>
    <tr><td align="center" class="time">发布日期：2024-02-19　　点击数：2,215　　【字体：大 中 小】</td></tr>
    <tr><td class="content">
{paragraphs}
    </td></tr>
    <tr><td align="right">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</td></tr>
   </table>
  </td>
 </tr>
 <tr><td colspan="2" class="footer" align="center">
  版权所有：杭州市公安局西湖区分局　地址：杭州市西湖区文三路100号　电话：0571-87281234<br>
  浙ICP备13001234号　浙公网安备33010602001234号　建议使用1024×768分辨率浏览
 </td></tr>
</table>
</body>
</html>
"""


# 4. An English-language news site: the translation, with its own furniture.

_XINING_EN_ARTICLE = [
    "Xining police solved 3,215 criminal cases in 2023",
    "XINING, Jan. 6 -- The Xining Municipal Public Security Bureau solved 3,215 criminal cases "
    "in 2023, up 12.6 percent year-on-year, and arrested 2,108 suspects.",
    "Police cracked 1,286 telecom and online fraud cases and froze 430 million yuan involved.",
    "A total of 12,000 disputes were mediated, with a resolution rate of 98.6 percent.",
]

_XINING_EN = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - Chinadaily.com.cn</title>
<meta property="og:url" content="https://www.chinadaily.com.cn/a/202401/06/WS659a1234.html">
<meta property="og:site_name" content="China Daily">
<meta property="article:published_time" content="2024-01-06T14:20:00+08:00">
</head>
<body>
<div id="header"><a href="/">Home</a> | <a href="/china">China</a> | <a href="/world">World</a> |
 <a href="/business">Business</a> | <a href="/culture">Culture</a> | <a href="/sports">Sports</a></div>
<div class="container">
 <div class="main-content">
  <h1>{title}</h1>
  <p class="info">By Wang Lei in Xining | chinadaily.com.cn | Updated: 2024-01-06 14:20</p>
  <div id="Content">
{paragraphs}
  </div>
  <div class="share">Share: Facebook Twitter LinkedIn (1,024 shares)</div>
 </div>
 <div class="sidebar">
  <h3>Most Viewed in 24 Hours</h3>
  <ul>
   <li><a href="/1">Tourism revenue rises 25 percent during holiday</a></li>
   <li><a href="/2">Police rescue 36 hikers trapped in mountains</a></li>
   <li><a href="/3">Over 2,000 volunteers join winter patrols</a></li>
  </ul>
 </div>
</div>
<div id="footer">
 <p>Copyright 1995-2024. All rights reserved. The content (including but not limited to text,
 photo, multimedia information, etc) published in this site belongs to China Daily.</p>
 <p>License for publishing multimedia online 0108263. Registration Number: 130349.
 Tel: 86-10-84883777</p>
</div>
</body>
</html>
"""


# 5. A provincial department's page from a content system (TRS): <br> lines and a table of figures.

_SICHUAN_ARTICLE = [
    "四川省公安厅发布2023年全省公安工作主要数据",
    "2023年，全省公安机关共立刑事案件12.3万起，破获刑事案件6.8万起，同比上升9.1%。",
    "全省电信网络诈骗案件发案数同比下降28.5%，为群众挽回经济损失15.6亿元。",
    "主要数据如下：",
    "项目\t数量\t同比",
    "破获涉枪涉爆案件\t426起\t上升3.2%",
    "查处治安案件\t31.5万起\t下降4.7%",
]

_SICHUAN = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}--四川省公安厅</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2024-01-12 16:00">
<meta name="ContentSource" content="四川省公安厅新闻中心">
<meta name="SiteName" content="四川省公安厅">
</head>
<body>
<div class="header"><div class="search">站内搜索 <input type="text"> <button>搜索</button></div>
<ul class="menu"><li>首页</li><li>警务资讯</li><li>政务公开</li><li>网上办事</li><li>互动交流</li></ul></div>
<div class="position">您当前的位置：首页 > 警务资讯 > 全省动态</div>
<div class="detail">
 <div class="detail-title">{title}</div>
 <div class="detail-info">时间：2024-01-12 16:00 来源：四川省公安厅新闻中心 【字号：大 中 小】 浏览：8,764</div>
 <div class="TRS_Editor">
  {lines}
  <table border="1" cellspacing="0">
   {rows}
  </table>
 </div>
</div>
<div class="links"><h4>相关链接</h4>
 <a href="/x1">成都市公安局：全年破获电诈案件8,600起</a>
 <a href="/x2">绵阳市公安局：交通事故起数下降12%</a>
</div>
<div class="foot">四川省公安厅 版权所有 地址：成都市武侯区新南路61号 邮编：610041 电话：028-86301234<br>
蜀ICP备05001234号 川公网安备51010702001234号</div>
</body>
</html>
"""


# 6. A short police notice: two sentences, still an article.

_NOTICE_ARTICLE = [
    "西宁市公安局关于元旦假期交通安全情况的通报",
    "元旦假期，全市未发生较大以上道路交通事故，共查处各类交通违法行为3,452起。",
]

_NOTICE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/tzgg/">通知公告</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2024-01-02 来源：西宁市公安局交通警察支队 浏览次数：981</div>
<div class="content">{paragraphs}</div></div>
<div class="footer">青ICP备05000123号-1　联系电话：0971-8251234</div>
</body></html>
"""


# 7. A list page: headlines only, no article at all.

_INDEX = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>警务动态_西宁市公安局</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/jwgk/">警务公开</a> <a href="/jwdt/">警务动态</a></div>
<ul class="list">
 <li><a href="/a1.html">湟中区公安分局破获电诈案件120起</a><span>2024-01-04</span></li>
 <li><a href="/a2.html">城北公安分局开展防范宣传活动86场</a><span>2024-01-03</span></li>
 <li><a href="/a3.html">全市交警查处酒驾醉驾违法行为1,024起</a><span>2024-01-02</span></li>
</ul>
<div class="page">共 3 条 第 1/1 页</div>
<div class="footer">青ICP备05000123号-1　联系电话：0971-8251234</div>
</body></html>
"""


def _trs_page(name: str, article: list[str]) -> Page:
    title, *rest = article
    lines = [line for line in rest if "\t" not in line]
    rows = [line.split("\t") for line in rest if "\t" in line]
    html = (
        _SICHUAN.replace("{title}", title)
        .replace("{lines}", "<br>\n  ".join(lines) + "<br>")
        .replace(
            "{rows}",
            "\n   ".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows),
        )
    )
    return Page(name, "utf-8", html, "\n".join(article))


def _page(name: str, encoding: str, template: str, article: list[str], url: str | None) -> Page:
    title, *paragraphs = article
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = template.replace("{title}", title).replace("{paragraphs}", body)
    return Page(name, encoding, html, "\n".join(article), url)


PAGES: tuple[Page, ...] = (
    _page(
        "xining_gb2312.html",
        "gbk",
        _XINING,
        _XINING_ARTICLE,
        "http://gaj.xining.gov.cn/jwdt/202401/t20240105_123.html",
    ),
    _page(
        "shenzhen_news.html",
        "utf-8",
        _SHENZHEN,
        _SHENZHEN_ARTICLE,
        "https://www.sznews.com/news/content/2024-02/18/content_30712345.htm",
    ),
    _page("xihu_portal.htm", "gb18030", _XIHU, _XIHU_ARTICLE, None),
    _page(
        "xining_en.html",
        "utf-8",
        _XINING_EN,
        _XINING_EN_ARTICLE,
        "https://www.chinadaily.com.cn/a/202401/06/WS659a1234.html",
    ),
)
PAGES += (
    _trs_page("sichuan_trs.html", _SICHUAN_ARTICLE),
    _page("xining_notice.html", "utf-8", _NOTICE, _NOTICE_ARTICLE, None),
)
INDEX_PAGE = Page("index.html", "utf-8", _INDEX, "")
