{{%AUTOESCAPE context="HTML"}}<nav class="panel-links" aria-label="后台导航">{{#LINK}}<a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a> {{/LINK}}</nav>
