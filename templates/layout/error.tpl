{{%AUTOESCAPE context="HTML"}}<section class="panel notice" role="alert">
  <h1>提示</h1>
  <p class="message">{{MESSAGE}}</p>
  <p class="actions"><a class="button" href="{{HOME_HREF}}">返回首页</a></p>
</section>
