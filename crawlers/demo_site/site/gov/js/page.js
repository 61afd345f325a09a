function createPageHTML(n,c,p,s){var h='';for(var i=0;i<n;i++){var u=i==0?p+'.'+s:p+'_'+i+'.'+s;h+=i==c?'<span>'+(i+1)+'</span>':'<a href="'+u+'">'+(i+1)+'</a>';}document.write(h);}
